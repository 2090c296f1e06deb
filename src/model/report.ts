import type { Evaluation } from './fit';

/** The validation tables as Markdown, written into docs by the training command. */
export function validationMarkdown(evaluations: readonly Evaluation[], heading: string): string {
  const rows = evaluations.map((e) => {
    const m = e.metrics;
    return `| ${e.name} | ${m.rocAuc.toFixed(4)} | ${m.averagePrecision.toFixed(4)} | ${m.brier.toFixed(5)} | ${m.logLoss.toFixed(5)} | ${(m.meanPrediction * 100).toFixed(2)}% |`;
  });
  const model = evaluations[0];
  const reliability = model.reliability.map(
    (b) => `| ${b.bin} | ${b.slots} | ${(b.meanPredicted * 100).toFixed(2)}% | ${(b.observedRate * 100).toFixed(2)}% |`,
  );
  const m = model.metrics;
  return [
    `### ${heading}`,
    '',
    `${m.slots.toLocaleString('en-CA')} validation slots, ${(m.positiveRate * 100).toFixed(2)}% positive.`,
    '',
    '| scorer | ROC AUC ↑ | average precision ↑ | Brier ↓ | log loss ↓ | mean predicted |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Reliability of the model (deciles of predicted probability):`,
    '',
    '| decile | slots | mean predicted | observed rate |',
    '| ---: | ---: | ---: | ---: |',
    ...reliability,
    '',
  ].join('\n');
}

/** True when the model is ahead of every baseline on every metric. */
export function modelBeatsBaselines(evaluations: readonly Evaluation[]): boolean {
  const [model, ...baselines] = evaluations;
  return baselines.every(
    (b) =>
      model.metrics.rocAuc > b.metrics.rocAuc &&
      model.metrics.averagePrecision > b.metrics.averagePrecision &&
      model.metrics.brier < b.metrics.brier &&
      model.metrics.logLoss < b.metrics.logLoss,
  );
}
