import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPredictor } from '../../src/model/load-predictor';
import { ArtifactError } from '../../src/model/artifacts';
import { trainTinyModel } from '../helpers/tiny-model';
import { tempDir } from '../helpers/workbooks';

const at = (iso: string): Date => new Date(iso);

test('a tiny training run learns an obvious pattern and survives save and load', async () => {
  const paths = await trainTinyModel();
  const predictor = await loadPredictor(paths);
  // 2024-03-06 is a Wednesday; 08:30 Toronto is 13:30 UTC.
  const rushEast = predictor.predict({ route: 504, direction: 'e', time: at('2024-03-06T13:30:00Z') });
  const afternoonEast = predictor.predict({ route: 504, direction: 'e', time: at('2024-03-06T20:30:00Z') });
  const rushWest = predictor.predict({ route: 504, direction: 'w', time: at('2024-03-06T13:30:00Z') });
  assert.ok(rushEast.probability > 0.6, `eastbound at 8 should be likely delayed, got ${rushEast.probability}`);
  assert.ok(afternoonEast.probability < 0.1, `eastbound at 15 should be unlikely, got ${afternoonEast.probability}`);
  assert.ok(rushWest.probability < 0.1, `westbound at 8 should be unlikely, got ${rushWest.probability}`);
  assert.equal(rushEast.delayed, true);
  assert.equal(afternoonEast.delayed, false);
  assert.equal(rushEast.time, '2024-03-06T08:30:00-05:00');
  const batch = predictor.predictBatch([
    { route: 504, direction: 'e', time: at('2024-03-06T13:30:00Z') },
    { route: 504, direction: 'w', time: at('2024-03-06T13:30:00Z') },
  ]);
  assert.deepEqual(batch, [rushEast, rushWest]);
  // A route-direction never seen in training gets the network average, not an error.
  const unseen = predictor.predict({ route: 510, direction: 'n', time: at('2024-03-06T13:30:00Z') });
  assert.ok(unseen.probability > 0 && unseen.probability < 1);
});

async function brokenCopy(paths: { modelDir: string; pipelineDir: string }, breakIt: (dirs: { modelDir: string; pipelineDir: string }) => void): Promise<{ modelDir: string; pipelineDir: string }> {
  const root = tempDir('broken-');
  const copy = { modelDir: join(root, 'model'), pipelineDir: join(root, 'pipeline') };
  cpSync(paths.modelDir, copy.modelDir, { recursive: true });
  cpSync(paths.pipelineDir, copy.pipelineDir, { recursive: true });
  breakIt(copy);
  return copy;
}

test('missing, truncated, corrupt or mismatched files are refused with the file named', async () => {
  const good = await trainTinyModel(20);
  const cases: [string, (d: { modelDir: string; pipelineDir: string }) => void, RegExp][] = [
    ['weights missing', (d) => rmSync(join(d.modelDir, 'weights.bin')), /weights\.bin: file is missing/],
    ['weights truncated', (d) => truncateSync(join(d.modelDir, 'weights.bin'), 10), /weights\.bin: has 10 bytes/],
    ['weights altered', (d) => {
      const bytes = readFileSync(join(d.modelDir, 'weights.bin'));
      bytes[0] ^= 0xff;
      writeFileSync(join(d.modelDir, 'weights.bin'), bytes);
    }, /weights\.bin: checksum does not match/],
    ['model.json corrupt', (d) => writeFileSync(join(d.modelDir, 'model.json'), '{"modelTopology": '), /model\.json: is not valid JSON/],
    ['metadata missing', (d) => rmSync(join(d.modelDir, 'metadata.json')), /metadata\.json: file is missing/],
    ['encoder missing', (d) => rmSync(join(d.pipelineDir, 'encoder.json')), /encoder\.json: file is missing/],
    ['encoder of another version', (d) => {
      const file = join(d.pipelineDir, 'encoder.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), pipelineVersion: 'v0' }));
    }, /encoder\.json: is pipeline version v0/],
    ['encoder from another model', (d) => {
      const file = join(d.pipelineDir, 'encoder.json');
      const enc = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...enc, vocabularySize: enc.vocabularySize + 1 }));
    }, /encoder\.json: has \d+ feature values/],
    ['recentThreshold not a probability', (d) => {
      const file = join(d.modelDir, 'metadata.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), recentThreshold: 1.5 }));
    }, /metadata\.json: has a recentThreshold that is not a probability/],
  ];
  for (const [name, breakIt, message] of cases) {
    const paths = await brokenCopy(good, breakIt);
    await assert.rejects(loadPredictor(paths), (err: unknown) => {
      assert.ok(err instanceof ArtifactError, `${name}: expected ArtifactError, got ${String(err)}`);
      assert.match(err.message, message, name);
      return true;
    });
  }
});

test('the shipped model loads, and its fast path agrees with the network', async () => {
  const predictor = await loadPredictor({ modelDir: 'models/v1', pipelineDir: 'pipelines/v1' });
  const p = predictor.predict({ route: 504, direction: 'e', time: at('2026-11-25T13:00:00Z') });
  assert.equal(p.time, '2026-11-25T08:00:00-05:00');
  assert.equal(p.routeName, 'King');
  assert.ok(p.probability > 0.005 && p.probability < 0.5);
  assert.equal(p.delayed, p.probability >= predictor.info.threshold);
  const hours = predictor.hourlyRisk(504, 'e', at('2026-11-25T17:00:00Z'));
  assert.equal(hours.length, 24);
  assert.equal(hours[8].probability, p.probability);
  // Night hours on a day route are quieter than the morning rush.
  assert.ok(hours[3].probability < hours[8].probability);
});
