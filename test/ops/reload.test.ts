// SIGHUP on the real server process: the newest valid model version is loaded and swapped in
// while requests and bot turns keep arriving, none of them fails, a turn in flight finishes with
// the answer the old model gave, and a version that cannot be loaded changes nothing.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { loadPredictor } from '../../src/model/load-predictor';
import { trainTinyModel } from '../helpers/tiny-model';
import { tempDir } from '../helpers/workbooks';
import { PROJECT, activity, isAnswer, messages, post, settingsFile, startReceiver, startServerProcess, type Receiver, type ServerProcess } from './helpers';

let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

/** Adds a version the way npm run refresh does: pipeline first, then the model folder, each whole. */
function addVersion(root: string, name: string, from: { modelDir: string; pipelineDir: string }): void {
  const staging = join(root, `.staging-${name}`);
  cpSync(from.modelDir, join(staging, 'model'), { recursive: true });
  cpSync(from.pipelineDir, join(staging, 'pipeline'), { recursive: true });
  const metadata = join(staging, 'model', 'metadata.json');
  writeFileSync(metadata, JSON.stringify({ ...JSON.parse(readFileSync(metadata, 'utf8')), modelVersion: name }));
  renameSync(join(staging, 'pipeline'), join(root, 'pipelines', name));
  renameSync(join(staging, 'model'), join(root, 'models', name));
}

async function waitForLog(server: ServerProcess, test: (line: Record<string, unknown>) => boolean, after = 0): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = server.logs.slice(after).find(test);
    if (line) return line;
    if (Date.now() > deadline) throw new Error('the log line did not come within 30 s');
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

const TRIP = 'route=504&direction=e&time=2027-03-10T08:00';

describe('SIGHUP', () => {
  it('swaps in the newest valid version without failing a request; a turn in flight keeps the old answer; a broken version changes nothing', async () => {
    const root = tempDir('reload-');
    mkdirSync(join(root, 'models'));
    mkdirSync(join(root, 'pipelines'));
    cpSync(join(PROJECT, 'models/v1'), join(root, 'models/v1'), { recursive: true });
    cpSync(join(PROJECT, 'pipelines/v1'), join(root, 'pipelines/v1'), { recursive: true });
    const tiny = await trainTinyModel(); // v2: the 504 eastbound delayed at 8 every weekday
    const v1 = await loadPredictor({ modelDir: join(PROJECT, 'models/v1'), pipelineDir: join(PROJECT, 'pipelines/v1') });
    const v2 = await loadPredictor(tiny);
    const tripTime = new Date('2027-03-10T13:00:00Z');
    const expected = { v1: v1.predict({ route: 504, direction: 'e', time: tripTime }).probability, v2: v2.predict({ route: 504, direction: 'e', time: tripTime }).probability };
    assert.notEqual(expected.v1, expected.v2);

    const server = await startServerProcess({ CONFIG_FILE: settingsFile(
      // Four loops back to back from one address: the rate limit (tested on its own) is lifted here, so a fast machine is not refused.
      (y) => y.replace(/perSecond: [\d.]+/, 'perSecond: 10000').replace(/burst: \d+/, 'burst: 100000'),
      { model: join(root, 'models'), pipeline: join(root, 'pipelines') },
    ) });
    const slow = await startReceiver();
    try {
      assert.equal(((await (await fetch(`${server.url}/healthz`)).json()) as { model: string }).model, 'v1');

      // Traffic all through: JSON API calls and bot turns in four loops.
      let stop = false;
      const failures: string[] = [];
      const apiAnswers: number[][] = [[], []];
      let turns = 0;
      const apiLoop = async (i: number) => {
        while (!stop) {
          try {
            const res = await fetch(`${server.url}/api/predict?${TRIP}`);
            if (res.status !== 200) failures.push(`api ${res.status}`);
            else apiAnswers[i].push(((await res.json()) as { probability: number }).probability);
          } catch (err) {
            failures.push(`api ${(err as Error).message}`);
          }
        }
      };
      const botLoop = async (i: number) => {
        let n = 0;
        while (!stop) {
          try {
            const res = await post(server.url, activity(receiver.url, `reload-load-${i}`, { text: n++ % 2 ? '504 east tomorrow at 8 am' : 'another' }));
            if (res.status !== 200) failures.push(`turn ${res.status}`);
          } catch (err) {
            failures.push(`turn ${(err as Error).message}`);
          }
          turns++;
        }
      };
      const loops = [apiLoop(0), apiLoop(1), botLoop(0), botLoop(1)];

      // A turn that has its answer and is waiting for the channel when the signal comes.
      slow.mode = 'hang';
      const inFlight = post(server.url, activity(slow.url, 'reload-in-flight', { text: '504 east at 8 am on March 10 2027' }));
      await slow.waitFor(1);
      await new Promise((ok) => setTimeout(ok, 200));

      addVersion(root, 'v2', tiny);
      const before = server.logs.length;
      server.child.kill('SIGHUP');
      const reloaded = await waitForLog(server, (l) => l.msg === 'model reloaded', before);
      assert.equal(reloaded.model, 'v2');
      assert.equal(reloaded.previous, 'v1');
      await new Promise((ok) => setTimeout(ok, 400));

      slow.mode = 'ok';
      slow.releaseHeld();
      assert.equal((await inFlight).status, 200, 'the turn in flight finished');
      const answer = messages(slow.activities, 'reload-in-flight').find(isAnswer) as Activity;
      assert.ok(answer, 'its answer was sent');
      assert.equal((answer.value as { time: string }).time, '2027-03-10T08:00:00-05:00');
      assert.equal((answer.value as { probability: number }).probability, expected.v1, 'with the probability the old model gave');

      stop = true;
      await Promise.all(loops);
      assert.deepEqual(failures, [], 'no request or turn failed');
      assert.ok(turns > 4, `bot turns ran throughout (${turns})`);
      for (const answers of apiAnswers) {
        assert.ok(answers.length > 5);
        for (const p of answers) assert.ok(p === expected.v1 || p === expected.v2, `every answer is one model's: ${p}`);
        const switchedAt = answers.indexOf(expected.v2);
        assert.ok(switchedAt > 0, 'v1 answered first, then v2');
        assert.ok(answers.slice(switchedAt).every((p) => p === expected.v2), 'never back to v1 once swapped');
      }
      assert.equal(((await (await fetch(`${server.url}/healthz`)).json()) as { model: string }).model, 'v2');
      const now = (await (await fetch(`${server.url}/api/predict?${TRIP}`)).json()) as { probability: number };
      assert.equal(now.probability, expected.v2);
      // A rider asking now gets the new model's answer too (the bot's own day cache included).
      const fresh = await startReceiver();
      try {
        assert.equal((await post(server.url, activity(fresh.url, 'reload-after', { text: '504 east at 8 am on March 10 2027' }))).status, 200);
        const after = messages(fresh.activities, 'reload-after').find(isAnswer) as Activity;
        assert.equal((after.value as { probability: number }).probability, expected.v2);
      } finally {
        await fresh.close();
      }

      // A broken newest version (v3, cut short): skipped with a line naming the file; v2 answers on.
      addVersion(root, 'v3', tiny);
      truncateSync(join(root, 'models/v3/weights.bin'), 5);
      let mark = server.logs.length;
      server.child.kill('SIGHUP');
      const same = await waitForLog(server, (l) => String(l.msg).startsWith('model reloaded'), mark);
      assert.equal(same.msg, 'model reloaded (same version)');
      assert.equal(same.model, 'v2');
      assert.ok(server.logs.slice(mark).some((l) => l.level === 40 && /^model v3 skipped, it cannot be used: .*models\/v3\/weights\.bin: has 5 bytes/.test(String(l.msg))));

      // Nothing loadable at all: the reload fails and the loaded model goes on answering.
      for (const v of ['v1', 'v2']) truncateSync(join(root, 'models', v, 'weights.bin'), 5);
      mark = server.logs.length;
      server.child.kill('SIGHUP');
      const failed = await waitForLog(server, (l) => String(l.msg).startsWith('model reload failed'), mark);
      assert.equal(failed.model, 'v2');
      assert.match(String(failed.problem), /no model version can be used: v3: .*; v2: .*; v1: .*weights\.bin: has 5 bytes/);
      assert.equal(((await (await fetch(`${server.url}/healthz`)).json()) as { model: string }).model, 'v2');
      assert.equal(((await (await fetch(`${server.url}/api/predict?${TRIP}`)).json()) as { probability: number }).probability, expected.v2);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /^model_reloads_total\{outcome="ok"\} 2$/m);
      assert.match(metrics, /^model_reloads_total\{outcome="failed"\} 1$/m);

      const everything = server.stdout() + server.stderr();
      assert.doesNotMatch(everything, /\n\s+at .+:\d+:\d+/, 'no stack trace in the output');
      assert.ok(server.logs.every((l) => !('stack' in l) && !('err' in l)), 'no error objects logged');
    } finally {
      slow.releaseHeld();
      await slow.close();
      assert.equal(await server.kill('SIGTERM'), 0);
    }
  });
});
