import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ArtifactError } from '../../src/model/artifacts';
import { loadNewestVersion, loadPredictor } from '../../src/model/load-predictor';
import { isVersionsFolder, modelVersions, nextVersion, trainTarget } from '../../src/model/versions';
import { trainTinyModel } from '../helpers/tiny-model';
import { tempDir } from '../helpers/workbooks';

/** A folder of versions holding copies of one tiny model as v1, v2, … (each relabelled as its folder). */
async function versionsFolder(names: string[]): Promise<{ models: string; pipelines: string }> {
  const tiny = await trainTinyModel(20);
  const root = tempDir('versions-');
  const models = join(root, 'models');
  const pipelines = join(root, 'pipelines');
  for (const name of names) {
    cpSync(tiny.modelDir, join(models, name), { recursive: true });
    cpSync(tiny.pipelineDir, join(pipelines, name), { recursive: true });
    const file = join(models, name, 'metadata.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), modelVersion: name }));
  }
  return { models, pipelines };
}

test('the folder of versions: newest first by number (v10 after v9), staging folders and stray names ignored', async () => {
  const { models, pipelines } = await versionsFolder(['v1', 'v2', 'v9', 'v10']);
  mkdirSync(join(models, '.refresh-123', 'v11'), { recursive: true });
  mkdirSync(join(models, 'v01'));
  mkdirSync(join(models, 'old'));
  const paths = { modelDir: models, pipelineDir: pipelines };
  assert.equal(isVersionsFolder(paths), true);
  assert.deepEqual(modelVersions(paths).map((v) => v.name), ['v10', 'v9', 'v2', 'v1']);
  assert.equal(modelVersions(paths)[0].pipelineDir, join(pipelines, 'v10'));
  const loaded = await loadNewestVersion(paths);
  assert.equal(loaded.version.name, 'v10');
  assert.equal(loaded.predictor.info.version, 'v10');
  assert.deepEqual(loaded.skipped, []);
  assert.equal(nextVersion(paths).name, 'v11');
  assert.equal(nextVersion(paths).modelDir, join(models, 'v11'));
  assert.equal(nextVersion(paths).pipelineDir, join(pipelines, 'v11'));
  // npm run train rebuilds the newest unless told which.
  assert.equal(trainTarget(paths).name, 'v10');
  assert.equal(trainTarget(paths, 'v3').modelDir, join(models, 'v3'));
  assert.throws(() => trainTarget(paths, '3'), /--version must be v1, v2/);
});

test('a broken newest version is skipped with one line naming its file; the next one answers', async () => {
  const { models, pipelines } = await versionsFolder(['v1', 'v2', 'v3']);
  truncateSync(join(models, 'v3', 'weights.bin'), 7);
  writeFileSync(join(pipelines, 'v2', 'encoder.json'), '{"pipelineVersion": ');
  const warnings: string[] = [];
  const loaded = await loadNewestVersion({ modelDir: models, pipelineDir: pipelines }, { warn: (m) => warnings.push(m) });
  assert.equal(loaded.version.name, 'v1');
  assert.equal(loaded.predictor.info.version, 'v1');
  assert.deepEqual(loaded.skipped.map((s) => s.version), ['v3', 'v2']);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^model v3 skipped, it cannot be used: .*models\/v3\/weights\.bin: has 7 bytes/);
  assert.match(warnings[1], /^model v2 skipped, it cannot be used: .*pipelines\/v2\/encoder\.json: is not valid JSON/);
  for (const w of warnings) assert.doesNotMatch(w, /\n|at .*\.ts:\d+/, 'one line, no stack');
  // The next number is above the broken ones: nothing is ever written over them.
  assert.equal(nextVersion({ modelDir: models, pipelineDir: pipelines }).name, 'v4');
});

test('a copy of a version under another name, or no usable version at all, is refused', async () => {
  const { models, pipelines } = await versionsFolder(['v1', 'v2']);
  const file = join(models, 'v2', 'metadata.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), modelVersion: 'v1' }));
  const loaded = await loadNewestVersion({ modelDir: models, pipelineDir: pipelines }, { warn: () => undefined });
  assert.equal(loaded.version.name, 'v1');
  assert.match(loaded.skipped[0].problem, /v2\/metadata\.json: says model version "v1", its folder is v2/);

  truncateSync(join(models, 'v1', 'weights.bin'), 3);
  await assert.rejects(loadPredictor({ modelDir: models, pipelineDir: pipelines }, { warn: () => undefined }), (err: unknown) => {
    assert.ok(err instanceof ArtifactError);
    assert.match(err.message, /no model version can be used: v2: .*; v1: .*weights\.bin: has 3 bytes/);
    return true;
  });
  const empty = tempDir('versions-');
  await assert.rejects(loadPredictor({ modelDir: empty, pipelineDir: empty }), /holds no model versions/);
  await assert.rejects(loadPredictor({ modelDir: join(empty, 'models'), pipelineDir: join(empty, 'pipelines') }), /models: folder is missing/);
});

test('one version\'s own folder pins it: the shipped models/v1, or any folder holding a model', async () => {
  const pinned = { modelDir: 'models/v1', pipelineDir: 'pipelines/v1' };
  assert.equal(isVersionsFolder(pinned), false);
  assert.deepEqual(modelVersions(pinned).map((v) => [v.name, v.modelDir, v.pipelineDir]), [['v1', 'models/v1', 'pipelines/v1']]);
  assert.throws(() => trainTarget(pinned, 'v2'), /needs model.dir to be the folder of versions/);
  const tiny = await trainTinyModel(20);
  const elsewhere = join(tempDir('pinned-'), 'my-model');
  cpSync(tiny.modelDir, elsewhere, { recursive: true });
  const paths = { modelDir: elsewhere, pipelineDir: tiny.pipelineDir };
  assert.equal(isVersionsFolder(paths), false);
  assert.equal((await loadPredictor(paths)).info.version, 'v1');
  // The project's own settings: the folder of versions, whose newest is what ships.
  const shipped = await loadNewestVersion({ modelDir: 'models', pipelineDir: 'pipelines' });
  assert.equal(shipped.version.modelDir, join('models', shipped.version.name));
  assert.equal(dirname(shipped.version.pipelineDir), 'pipelines');
});
