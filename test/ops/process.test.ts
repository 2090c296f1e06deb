// The real entry point (src/index.ts) as a process: authentication on with an app id, secrets kept
// out of the logs, SIGTERM finishing the turn in flight, and model or pipeline files that are
// missing, truncated or of another version refusing the start with the file named.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  PROJECT,
  activity,
  isAnswer,
  messages,
  post,
  settingsFile,
  startExpectingFailure,
  startReceiver,
  startServerProcess,
  type Receiver,
} from './helpers';

const APP_PASSWORD = 'dummy-Secret-Value~1234567890';
const CONNECTION_KEY = 'c2VjcmV0LWtleS1mb3ItYS10ZXN0LW9ubHk=';

let receiver: Receiver;
const scratch = mkdtempSync(join(tmpdir(), 'ops-process-'));
before(async () => {
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('authentication with MicrosoftAppId set', () => {
  it('POST /api/messages without a valid token is 401 and the bot never runs; no secret reaches the logs', async () => {
    const server = await startServerProcess({
      MicrosoftAppId: '00000000-0000-0000-0000-00000000abcd',
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppType: 'MultiTenant',
      // Set but unused (memory storage): it must not be logged either.
      BlobStorageConnectionString: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${CONNECTION_KEY};EndpointSuffix=core.windows.net`,
      LOG_LEVEL: 'debug',
    });
    try {
      const before = receiver.activities.length;
      for (const channelId of ['emulator', 'msteams', 'webchat']) {
        const unsigned = await post(server.url, activity(receiver.url, `auth-${channelId}`, { channelId, text: '504 east now' }));
        assert.equal(unsigned.status, 401, `${channelId} without a token`);
        const forged = await post(server.url, activity(receiver.url, `auth-${channelId}`, { channelId, text: '504 east now' }), {
          Authorization: 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJhdWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMGFiY2QifQ.',
        });
        assert.equal(forged.status, 401, `${channelId} with a forged token`);
        assert.doesNotMatch(await forged.text(), /at .*\.(ts|js):\d+/, 'no stack trace');
      }
      // A moment for anything the bot might (wrongly) have sent.
      await new Promise((ok) => setTimeout(ok, 300));
      assert.equal(receiver.activities.length, before, 'nothing was sent to the channel');
      const turns = server.logs.filter((l) => l.msg === 'turn');
      assert.equal(turns.length, 0, 'no turn ran');
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.doesNotMatch(metrics, /^bot_turns_total\{/m, 'no turn counted');
      assert.ok(server.logs.some((l) => l.msg === 'listening' && l.auth === 'on'));
    } finally {
      assert.equal(await server.kill('SIGTERM'), 0);
    }
    const everything = server.stdout() + server.stderr();
    assert.ok(!everything.includes(APP_PASSWORD), 'the app password is never logged');
    assert.ok(!everything.includes(CONNECTION_KEY), 'the storage key is never logged');
  });
});

describe('SIGTERM', () => {
  it('stops accepting, finishes the turn in flight (replies sent, state saved), exits 0', async () => {
    const server = await startServerProcess({});
    const slow = await startReceiver();
    try {
      slow.mode = 'hang';
      const inFlight = post(server.url, activity(slow.url, 'sigterm', { text: '504 east at 5 pm' }));
      await slow.waitFor(1);
      server.child.kill('SIGTERM');
      // Draining: new work is refused (503 on a kept-alive connection, or no connection at all).
      await new Promise((ok) => setTimeout(ok, 300));
      const refused = await fetch(`${server.url}/readyz`).then(
        (r) => r.status,
        () => 'connection refused',
      );
      assert.ok(refused === 503 || refused === 'connection refused', `new requests refused: ${refused}`);
      assert.equal(server.child.exitCode, null, 'still running while a turn is in flight');
      slow.mode = 'ok';
      slow.releaseHeld();
      const res = await inFlight;
      assert.equal(res.status, 200, 'the turn in flight finished');
      assert.ok(messages(slow.activities, 'sigterm').some(isAnswer), 'its answer was sent');
      assert.equal(await server.exited, 0);
      const logs = server.logs;
      assert.ok(logs.some((l) => l.msg === 'turn' && l.conversationId === 'sigterm' && l.outcome === 'ok'));
      assert.ok(logs.some((l) => String(l.msg).startsWith('shut down cleanly')));
    } finally {
      await server.kill('SIGKILL');
      await slow.close();
    }
  });
});

describe('model and pipeline files', () => {
  /** A copy of models/v1 and pipelines/v1 with one file broken by `breakIt`. */
  function brokenCopy(name: string, breakIt: (model: string, pipeline: string) => void): string {
    const root = join(scratch, name);
    const model = join(root, 'model');
    const pipeline = join(root, 'pipeline');
    cpSync(join(PROJECT, 'models/v1'), model, { recursive: true });
    cpSync(join(PROJECT, 'pipelines/v1'), pipeline, { recursive: true });
    breakIt(model, pipeline);
    return settingsFile((y) => y, { model, pipeline });
  }

  const cases: Array<{ name: string; file: string; problem: RegExp; breakIt: (model: string, pipeline: string) => void }> = [
    { name: 'model.json missing', file: 'model/model.json', problem: /missing/, breakIt: (m) => rmSync(join(m, 'model.json')) },
    {
      name: 'weights.bin truncated',
      file: 'model/weights.bin',
      problem: /truncated|bytes/,
      breakIt: (m) => truncateSync(join(m, 'weights.bin'), Math.floor(readFileSync(join(m, 'weights.bin')).length / 2)),
    },
    {
      name: 'encoder.json of another pipeline version',
      file: 'pipeline/encoder.json',
      problem: /pipeline version v99/,
      breakIt: (_m, p) => {
        const file = join(p, 'encoder.json');
        const encoder = JSON.parse(readFileSync(file, 'utf8')) as { pipelineVersion: string };
        encoder.pipelineVersion = 'v99';
        writeFileSync(file, JSON.stringify(encoder));
      },
    },
    {
      name: 'metadata.json cut short',
      file: 'model/metadata.json',
      problem: /not valid JSON|truncated/,
      breakIt: (m) => truncateSync(join(m, 'metadata.json'), 40),
    },
  ];

  it('each refuses the start with a non-zero exit and names the file and the problem on stderr', async () => {
    const results = await Promise.all(
      cases.map(async (c, i) => ({ c, result: await startExpectingFailure({ CONFIG_FILE: brokenCopy(`case-${i}`, c.breakIt) }) })),
    );
    for (const { c, result } of results) {
      assert.notEqual(result.code, 0, `${c.name}: non-zero exit`);
      const line = result.stderr.split('\n').find((l) => l.startsWith('streetcar-delay-bot cannot start:'));
      assert.ok(line, `${c.name}: a plain line on stderr; got ${result.stderr.slice(-500)}`);
      assert.ok(line.includes(c.file), `${c.name}: names ${c.file}: ${line}`);
      assert.match(line, c.problem, `${c.name}: says what is wrong: ${line}`);
      assert.doesNotMatch(result.stdout, /"msg":"listening"/, `${c.name}: never listened`);
    }
  });
});
