// Turn ordering within one process, readiness when the storage is gone, and the metrics token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realPredictor } from '../bot/helpers';
import { AZURITE_KEY, activity, freePort, messages, post, startApp, startAzurite, startReceiver, type Receiver } from './helpers';

let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
});

describe('two messages of one conversation at once, in one process', () => {
  it('run one after another: the second sees the first one’s state', async () => {
    const app = await startApp(await realPredictor());
    const slow = await startReceiver();
    try {
      slow.mode = 'hang';
      const first = post(app.url, activity(slow.url, 'order', { text: 'spadina car' }));
      await slow.waitFor(1);
      // The second arrives while the first is still waiting for the channel.
      const second = post(app.url, activity(slow.url, 'order', { text: 'Southbound' }));
      await new Promise((ok) => setTimeout(ok, 300));
      assert.equal(messages(slow.activities, 'order').length, 1, 'the second turn waits for the first');
      slow.mode = 'ok';
      slow.releaseHeld();
      assert.equal((await first).status, 200);
      assert.equal((await second).status, 200);
      const texts = messages(slow.activities, 'order').map((m) => m.text ?? '');
      assert.match(texts[0], /northbound or southbound\?$/);
      assert.match(texts[1], /^When are you travelling\?/, `in order, on the first turn's state: ${texts.join(' | ')}`);
    } finally {
      slow.releaseHeld();
      await slow.close();
      await app.close();
    }
  });
});

describe('/readyz and blob storage that is down, then back', () => {
  it('is 503 while the storage does not answer (/healthz stays 200), 200 and answering turns once it is back', async () => {
    const port = await freePort(); // nothing listens there
    const app = await startApp(await realPredictor(), {
      STORAGE_KIND: 'blob',
      BlobStorageConnectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
    });
    try {
      const ready = await fetch(`${app.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { status: 'unready', storage: 'unavailable' });
      assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
      assert.ok(app.logs.some((l) => l.msg === 'not ready: storage does not answer'));

      // Once the first attempt has failed for good (the SDK retries for a while), BlobsStorage
      // alone would keep its failed container set-up for ever; RecoveringStorage drops it.
      const gaveUp = Date.now() + 60_000;
      while (!app.logs.some((l) => String(l.msg).startsWith('state storage could not be reached')) && Date.now() < gaveUp) {
        await new Promise((ok) => setTimeout(ok, 250));
      }
      assert.ok(app.logs.some((l) => String(l.msg).startsWith('state storage could not be reached')), 'the failed storage was dropped');
      // Now the storage comes up where the connection string points.
      const azurite = await startAzurite(port);
      try {
        let status = 0;
        const deadline = Date.now() + 45_000;
        while (status !== 200 && Date.now() < deadline) {
          status = (await fetch(`${app.url}/readyz`)).status;
          if (status !== 200) await new Promise((ok) => setTimeout(ok, 500));
        }
        assert.equal(status, 200, 'ready again');
        const before = receiver.activities.length;
        const res = await post(app.url, activity(receiver.url, 'recovered', { text: '504 east at 5 pm' }));
        assert.equal(res.status, 200);
        assert.ok(messages(receiver.activities.slice(before), 'recovered').length >= 1, 'the turn was answered');
      } finally {
        await azurite.stop();
      }
    } finally {
      await app.close();
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  it('wants the bearer token', async () => {
    const app = await startApp(await realPredictor(), { METRICS_TOKEN: 'scrape-me' });
    try {
      assert.equal((await fetch(`${app.url}/metrics`)).status, 401);
      assert.equal((await fetch(`${app.url}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status, 401);
      const ok = await fetch(`${app.url}/metrics`, { headers: { Authorization: 'Bearer scrape-me' } });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /^bot_turns_in_flight 0$/m);
    } finally {
      await app.close();
    }
  });
});
