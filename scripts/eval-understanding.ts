// Scores the bot's language understanding on the labelled sets in test/fixtures.
//   single messages (utterances*.tsv): per-field accuracy of route, direction and time
//   conversations (utterances-conversations*.tsv): the share of multi-turn conversations whose
//   every turn does what the table says, played through the real dialogs and predictor
// Usage: npm run eval:nlu [-- file.tsv ...]   (no file: every set in test/fixtures)
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Activity } from 'botbuilder';
import { playConversation, readConversations } from '../src/bot/eval/conversations';
import { FIELDS, evaluate, readUtterances } from '../src/bot/eval/utterances';
import { drainReplies, mainDialogClient } from '../test/bot/helpers';

const FIXTURES = 'test/fixtures';
const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(FIXTURES).filter((f) => /^utterances.*\.tsv$/.test(f)).sort().map((f) => resolve(join(FIXTURES, f)));

const isConversations = (file: string) => basename(file).includes('conversations');

async function newClient() {
  const client = await mainDialogClient();
  return async (activity: Partial<Activity>) => drainReplies(client, await client.sendActivity(activity));
}

async function main(): Promise<void> {
  let ok = true;
  const summary: string[] = [];
  for (const file of files) {
    if (isConversations(file)) {
      const conversations = readConversations(file);
      let passed = 0;
      for (const c of conversations) {
        const r = await playConversation(c, newClient);
        if (!r.failure) { passed++; continue; }
        const f = r.failure;
        console.log(`line ${c.line} «${c.name}» step ${f.step} «${f.send}»: ${f.problems.join('; ')}\n    replies: ${JSON.stringify(f.replies)}`);
      }
      const pct = (100 * passed) / Math.max(1, conversations.length);
      summary.push(`${basename(file)}: conversations ${passed}/${conversations.length}  ${pct.toFixed(1)}%`);
      if (pct < 90) ok = false;
    } else {
      const result = evaluate(readUtterances(file));
      for (const m of result.misses) {
        console.log(`line ${m.utterance.line} ${m.field}: expected ${m.utterance[m.field]}, got ${m.got}   «${m.utterance.text.slice(0, 120)}»`);
      }
      const all = result.total === 0 ? 0 : result.misses.reduce((s, m) => s.add(m.utterance.line), new Set<number>()).size;
      const fields = FIELDS.map((f) => `${f} ${result.correct[f]}/${result.total} ${((100 * result.correct[f]) / result.total).toFixed(1)}%`).join('   ');
      summary.push(`${basename(file)}: ${fields}   whole message ${result.total - all}/${result.total} ${((100 * (result.total - all)) / result.total).toFixed(1)}%`);
      if (Math.min(...FIELDS.map((f) => result.correct[f] / result.total)) < 0.95) ok = false;
    }
  }
  console.log(`\n${summary.join('\n')}`);
  process.exitCode = ok ? 0 : 1;
}

void main();
