// The live alerts end to end: the real server (src/app.ts) polling a local GTFS-realtime server
// that has an alert for the 504 and one for the 505. The bot over POST /api/messages (as the
// Emulator sends it), the prediction page and GET /api/predict show the 504's alert and never
// the 505's; with the feed down, the answer is the calendar answer as before. The trips' "now"
// and the server's clock are fixed (2026-11-24 16:20 Toronto), so no test depends on today.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MemoryStorage, type Activity } from 'botbuilder';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/ops';
import { realPredictor } from '../bot/helpers';
import { emulatorActivity, postActivity, startReceiver, type BotServer, type Receiver } from '../http/emulator';
import { STANDARD_ALERTS, T, buildFeed, startFeedServer, type FeedServer } from './fixtures';
import { Writable } from 'node:stream';

interface Running extends BotServer {
  app: App;
  logs: Record<string, unknown>[];
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Running> {
  const config = loadConfig(env);
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const app = createApp({ config, predictor: await realPredictor(), logger, storage: new MemoryStorage(), port: 0, env, clock: () => T, chart: { kind: 'off' } });
  await new Promise<void>((ok) => app.server.listen(0, '127.0.0.1', () => ok()));
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    logs,
    url: `http://127.0.0.1:${port}`,
    server: app.server,
    close: () =>
      new Promise<void>((ok) => {
        app.server.server.closeAllConnections();
        app.server.close(() => ok());
      }),
  };
}

let feed: FeedServer;
let receiver: Receiver;
let bot: Running;

before(async () => {
  feed = await startFeedServer(buildFeed(STANDARD_ALERTS));
  receiver = await startReceiver();
  bot = await startServer({ LIVE_ENABLED: 'true', LIVE_ALERTS_URL: feed.url });
  // The server started polling when it began to listen; wait for that first poll.
  assert.equal(await bot.app.live.refresh(), 'ok');
});
after(async () => {
  await bot.close();
  await receiver.close();
  await feed.close();
});

async function say(server: BotServer, conversation: string, text: string): Promise<Activity> {
  const before = receiver.activities.length;
  const res = await postActivity(server, emulatorActivity(receiver, conversation, { text, timestamp: T }));
  assert.ok(res.status === 200 || res.status === 201, `POST /api/messages answered ${res.status}`);
  const replies = receiver.activities.slice(before).filter((a) => a.type === 'message');
  assert.equal(replies.length, 1, JSON.stringify(replies.map((r) => r.text)));
  return replies[0];
}

const DETOUR = '504 King: detour via Dufferin St. due to a collision';
const REDUCED = '505 Dundas: reduced service, longer waits';

describe('live alerts in the answers', () => {
  it('"will the 504 eastbound be late now?" shows the 504\'s alert in text, card and value, never the 505\'s', async () => {
    const reply = await say(bot, 'live-504', 'will the 504 eastbound be late now?');
    assert.match(reply.text ?? '', /TTC alert: Detour: 504 King: detour via Dufferin St\. due to a collision \(until 6:20 pm\)\./);
    const card = JSON.stringify(reply.attachments?.[0]?.content);
    assert.ok(card.includes(DETOUR), 'the card shows the header');
    assert.ok(card.includes('TTC service alert'));
    const value = reply.value as { route: number; alerts?: { header: string; effect: string; until?: string }[] };
    assert.equal(value.route, 504);
    assert.deepEqual(value.alerts, [{ id: 'ttc-504-detour', header: DETOUR, effect: 'Detour', until: '2026-11-24T18:20:00-05:00' }]);
    const everything = JSON.stringify(reply);
    assert.ok(!everything.includes('505 Dundas'), "the 505's alert does not appear");
    assert.ok(!everything.includes('now cleared') && !everything.includes('weekend diversion'), 'expired and future periods do not cover the trip');
  });

  it('the 505 gets its own alert and not the 504\'s', async () => {
    const reply = await say(bot, 'live-505', 'is the 505 westbound delayed right now?');
    assert.match(reply.text ?? '', /TTC alert: Reduced service: 505 Dundas: reduced service, longer waits\./);
    assert.ok(!JSON.stringify(reply).includes('504 King'));
  });

  it('GET /api/predict for the 504 includes it in alerts; the 501 has none (the key is left out)', async () => {
    const res = await fetch(`${bot.url}/api/predict?route=504&direction=e&time=2026-11-24T16:20`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { route: number; alerts?: { id: string; header: string; effect: string; until?: string }[] };
    assert.deepEqual(body.alerts, [{ id: 'ttc-504-detour', header: DETOUR, effect: 'Detour', until: '2026-11-24T18:20:00-05:00' }]);
    const other = (await (await fetch(`${bot.url}/api/predict?route=501&direction=e&time=2026-11-24T16:20`)).json()) as Record<string, unknown>;
    assert.equal('alerts' in other, false);
    // A trip three hours on is after the detour's end.
    const later = (await (await fetch(`${bot.url}/api/predict?route=504&direction=e&time=2026-11-24T19:30`)).json()) as Record<string, unknown>;
    assert.equal('alerts' in later, false);
  });

  it('POST /api/predict (a batch) puts each trip\'s alerts on its own prediction', async () => {
    const res = await fetch(`${bot.url}/api/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trips: [{ route: 504, direction: 'w', time: '2026-11-24T16:20' }, { route: 505, direction: 'e', time: '2026-11-24T16:20' }] }),
    });
    const { predictions } = (await res.json()) as { predictions: { alerts?: { header: string }[] }[] };
    assert.deepEqual(predictions.map((p) => p.alerts?.map((a) => a.header)), [[DETOUR], [REDUCED]]);
  });

  it('the prediction page shows one alerts section', async () => {
    const page = await (await fetch(`${bot.url}/show-prediction?route=504&direction=e&time=2026-11-24T16:20`)).text();
    assert.equal(page.match(/<section class="alerts"/g)?.length, 1);
    assert.ok(page.includes('detour via Dufferin St. due to a collision'));
    assert.match(page, /until 6:20 p\.m\./);
    assert.ok(!page.includes('505 Dundas'));
  });

  it('/metrics counts the polls and reports the copy\'s age', async () => {
    const text = await (await fetch(`${bot.url}/metrics`)).text();
    assert.match(text, /^live_alerts_fetch_total\{outcome="ok"\} [1-9]/m);
    assert.match(text, /^live_alerts_age_seconds 0$/m, 'the server clock is fixed');
    assert.match(text, /^live_alerts 4$/m);
  });

  it('logs its start and the first read, each once', () => {
    const lines = bot.logs.filter((l) => String(l.msg).startsWith('live alerts'));
    assert.deepEqual(lines.map((l) => l.msg), ['live alerts: polling the TTC feed', 'live alerts: feed read']);
  });
});

describe('live alerts with the feed down', () => {
  let down: Running;
  let broken: FeedServer;
  before(async () => {
    broken = await startFeedServer();
    broken.mode = 'error';
    down = await startServer({ LIVE_ENABLED: 'true', LIVE_ALERTS_URL: broken.url });
    assert.equal(await down.app.live.refresh(), 'http_error');
  });
  after(async () => {
    await down.close();
    await broken.close();
  });

  it('the calendar answer as before: no alerts, nothing odd, one warning in the log', async () => {
    const withFeed = await say(bot, 'compare-up', 'will the 501 eastbound be late now?');
    const reply = await say(down, 'live-down', 'will the 501 eastbound be late now?');
    assert.equal(reply.text, withFeed.text, 'the same words as a server whose feed answers (the 501 has no alert)');
    const value = reply.value as Record<string, unknown>;
    assert.equal('alerts' in value, false);
    const answer504 = await say(down, 'live-down-504', 'will the 504 eastbound be late now?');
    assert.ok(!/TTC alert/.test(answer504.text ?? ''));
    assert.ok(!JSON.stringify(answer504.attachments).includes('TTC service alert'));
    await down.app.live.refresh();
    const warnings = down.logs.filter((l) => String(l.msg).startsWith('live alerts') && (l.level as number) >= 40);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.equal(warnings[0].outcome, 'http_error');
    const api = (await (await fetch(`${down.url}/api/predict?route=504&direction=e&time=2026-11-24T16:20`)).json()) as Record<string, unknown>;
    assert.equal(api.route, 504);
    assert.equal('alerts' in api, false);
  });

  it('closing the server stops the poller', async () => {
    assert.equal(down.app.live.polling, true, 'polling since the server listened');
    await down.close();
    await new Promise((ok) => setImmediate(ok));
    assert.equal(down.app.live.polling, false);
  });
});

describe('live alerts off (config/default.yaml)', () => {
  it('starts no poller and adds nothing', async () => {
    const off = await startServer({});
    try {
      assert.equal(off.app.live.enabled, false);
      assert.equal(await off.app.live.refresh(), 'off');
      const body = (await (await fetch(`${off.url}/api/predict?route=504&direction=e&time=2026-11-24T16:20`)).json()) as Record<string, unknown>;
      assert.equal('alerts' in body, false);
      assert.ok(!(await (await fetch(`${off.url}/metrics`)).text()).includes('live_alerts'), 'no live_alerts series when off');
    } finally {
      await off.close();
    }
  });
});
