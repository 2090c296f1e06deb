// Prints per-field accuracy of the bot's language understanding on the labelled utterance set.
// Usage: npm run eval:nlu [-- path/to/utterances.tsv]
import { resolve } from 'node:path';
import { FIELDS, evaluate, readUtterances } from '../src/bot/eval/utterances';

const file = resolve(process.argv[2] ?? 'test/fixtures/utterances.tsv');
const result = evaluate(readUtterances(file));
for (const m of result.misses) {
  console.log(`line ${m.utterance.line} ${m.field}: expected ${m.utterance[m.field]}, got ${m.got}   «${m.utterance.text}»`);
}
console.log(`\n${result.total} utterances from ${file}`);
for (const field of FIELDS) {
  const pct = (100 * result.correct[field]) / result.total;
  console.log(`${field.padEnd(10)} ${result.correct[field]}/${result.total}  ${pct.toFixed(1)}%`);
}
const worst = Math.min(...FIELDS.map((f) => result.correct[f] / result.total));
process.exitCode = worst >= 0.95 ? 0 : 1;
