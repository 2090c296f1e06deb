import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCODER_FILE, METADATA_FILE } from '../../src/model/artifacts';
import { fitModel, type FittedModel } from '../../src/model/fit';
import { saveModel } from '../../src/model/io';
import type { ModelMetadata } from '../../src/model/metadata';
import type { DelayEvent } from '../../src/pipeline/clean';
import { dayNumber, isoDateOf } from '../../src/pipeline/calendar';
import { buildSlots } from '../../src/pipeline/slots';
import { tempDir } from './workbooks';

/**
 * Trains a small model on made-up events with an obvious pattern (the 504 eastbound is delayed
 * at 08:00 every weekday, the westbound rarely) and saves it like `npm run train` does.
 */
export async function trainTinyModel(epochs = 150): Promise<{ modelDir: string; pipelineDir: string }> {
  const events: DelayEvent[] = [];
  const start = dayNumber('2024-01-01');
  for (let d = 0; d < 120; d++) {
    const date = isoDateOf(start + d);
    const weekday = (((start + d + 3) % 7) + 7) % 7;
    if (weekday < 5) events.push({ route: 504, direction: 'e', date, hour: 8, minute: 5, minDelay: 10, incident: 'test' });
    if (d % 10 === 0) events.push({ route: 504, direction: 'w', date, hour: 15, minute: 0, minDelay: 5, incident: 'test' });
  }
  const slots = buildSlots(events, [
    { route: 504, direction: 'e' },
    { route: 504, direction: 'w' },
  ]);
  const fitted = await fitModel(
    slots,
    { groups: ['bias', 'routeDirection', 'hour', 'weekday', 'month', 'routeDirectionHour'], halfLifeDays: 365, l2: 1e-5, epochs, learningRate: 0.1 },
    { fromDay: slots.firstDay, toDay: slots.firstDay + slots.days - 1 },
  );
  return saveFitted(fitted, tempDir('tiny-model-'), { trainedFrom: '2024-01-01', trainedTo: '2024-04-29', threshold: 0.5 });
}

/**
 * Saves a fitted model as models/<version> + pipelines/<version> under `root`, as `npm run train`
 * lays them out, with the metadata a loader needs (the dates and threshold are the caller's).
 */
export async function saveFitted(
  fitted: FittedModel,
  root: string,
  about: Pick<ModelMetadata, 'trainedFrom' | 'trainedTo' | 'threshold'>,
  version = 'v1',
): Promise<{ modelDir: string; pipelineDir: string }> {
  const modelDir = join(root, 'models', version);
  const pipelineDir = join(root, 'pipelines', version);
  mkdirSync(pipelineDir, { recursive: true });
  const { weightsSha256 } = await saveModel(fitted.model, modelDir);
  writeFileSync(join(pipelineDir, ENCODER_FILE), JSON.stringify(fitted.encoder));
  const metadata: Partial<ModelMetadata> = {
    modelVersion: version,
    pipelineVersion: fitted.encoder.pipelineVersion,
    ...about,
    weightsSha256,
    vocabularySize: fitted.encoder.vocabularySize,
  };
  writeFileSync(join(modelDir, METADATA_FILE), JSON.stringify(metadata));
  return { modelDir, pipelineDir };
}
