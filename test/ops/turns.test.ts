// Turn ordering within one process, readiness when the storage is gone, and the metrics token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realPredictor } from '../bot/helpers';
import { AZURITE_KEY, activity, freePort, messages, post, startApp, startReceiver, type Receiver } from './helpers';

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

describe('/readyz', () => {
  it('is 503 when the blob storage does not answer, while /healthz stays 200', async () => {
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
