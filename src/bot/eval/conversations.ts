// Multi-turn conversations as a table: what the rider sends, turn by turn, and what the bot must
// do in reply. Shared by test/bot/dialogs.test.ts (each conversation is a test) and
// scripts/eval-understanding.ts (the share of conversations that pass).
import { readFileSync } from 'node:fs';
import type { Activity } from 'botbuilder';

/** What one reply turn must show; every check of a step must hold. */
export type Check =
  /** The turn ends with an answer whose `value` has this route, direction and time. */
  | { kind: 'answer'; route: number; direction: string; time: string }
  /** The turn ends with this question. */
  | { kind: 'ask'; slot: 'route' | 'direction' | 'time' }
  /** Some reply of the turn matches (or, negated, none does). */
  | { kind: 'text'; re: RegExp; negate: boolean };

export interface ConversationStep {
  send: string;
  /** The message's timestamp, ISO 8601 (default: the conversation's). */
  at?: string;
  checks: Check[];
  /** The expectation as written, for messages. */
  expect: string;
}

export interface Conversation {
  name: string;
  line: number;
  at: string;
  steps: ConversationStep[];
}

/**
 * Reads a conversation table. A line `== name<TAB>timestamp` starts a conversation; each
 * following line is a step: `rider message<TAB>expectation[<TAB>timestamp]`. An expectation is
 * one or more checks joined by ` & `:
 *   `504 e 2026-11-25T09:00:00-05:00`  an answer with that route, direction and time
 *   `ask route|direction|time`           the turn ends with that question
 *   `/regex/flags`, `!/regex/flags`      some reply's text matches / no reply's text matches
 * Lines starting with `#` and blank lines are skipped.
 */
export function readConversations(file: string): Conversation[] {
  const out: Conversation[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const where = `${file}:${i + 1}`;
    if (line.startsWith('==')) {
      const [name, at] = line.slice(2).split('\t').map((s) => s.trim());
      if (!name || !at || Number.isNaN(Date.parse(at))) throw new Error(`${where}: expected "== name<TAB>timestamp"`);
      out.push({ name, line: i + 1, at, steps: [] });
      return;
    }
    const current = out.at(-1);
    if (!current) throw new Error(`${where}: a step before any "== name" line`);
    const [send, expect, at] = line.split('\t');
    if (expect === undefined) throw new Error(`${where}: expected "message<TAB>expectation"`);
    current.steps.push({ send, expect, at: at?.trim() || undefined, checks: parseChecks(expect, where) });
  });
  return out;
}

function parseChecks(expect: string, where: string): Check[] {
  return expect.split(/\s+&\s+/).map((part) => {
    const p = part.trim();
    const regex = /^(!?)\/(.*)\/([a-z]*)$/.exec(p);
    if (regex) return { kind: 'text', re: new RegExp(regex[2], regex[3]), negate: regex[1] === '!' };
    const ask = /^ask (route|direction|time)$/.exec(p);
    if (ask) return { kind: 'ask', slot: ask[1] as 'route' | 'direction' | 'time' };
    const answer = /^(\d{3}) ([ewns]) (\S+)$/.exec(p);
    if (answer && !Number.isNaN(Date.parse(answer[3]))) return { kind: 'answer', route: Number(answer[1]), direction: answer[2], time: answer[3] };
    throw new Error(`${where}: cannot read the expectation "${p}"`);
  });
}

/** Which question a reply asks, from the wording in src/bot/questions.ts. */
export function askedSlot(reply: Partial<Activity> | undefined): 'route' | 'direction' | 'time' | undefined {
  const text = reply?.text ?? '';
  if (/Which streetcar\?|Which one do you mean\?/.test(text)) return 'route';
  if (/Which way on the /.test(text)) return 'direction';
  if (/When are you travelling\?|What time on /.test(text)) return 'time';
  return undefined;
}

/** The problems with one turn's replies (none: the step passes). */
export function checkTurn(replies: readonly Partial<Activity>[], checks: readonly Check[]): string[] {
  const problems: string[] = [];
  const last = replies.at(-1);
  const texts = replies.map((r) => r.text ?? '');
  for (const c of checks) {
    if (c.kind === 'answer') {
      const v = last?.value as { route?: unknown; direction?: unknown; time?: unknown } | undefined;
      const got = v ? `${String(v.route)} ${String(v.direction)} ${String(v.time)}` : 'no answer';
      if (!v || v.route !== c.route || v.direction !== c.direction || v.time !== c.time) problems.push(`expected the answer ${c.route} ${c.direction} ${c.time}, got ${got}`);
    } else if (c.kind === 'ask') {
      const slot = askedSlot(last);
      if (slot !== c.slot || last?.value !== undefined) problems.push(`expected the question for ${c.slot}, got ${last?.value ? 'an answer' : slot ?? 'no question'}`);
    } else {
      const hit = texts.some((t) => c.re.test(t));
      if (hit === c.negate) problems.push(`expected ${c.negate ? 'no reply' : 'a reply'} matching ${String(c.re)}`);
    }
  }
  return problems;
}

/** Sends one message and returns the bot's replies to it (typing indicators left out). */
export type SendTurn = (activity: Partial<Activity>) => Promise<Partial<Activity>[]>;

export interface ConversationResult {
  conversation: Conversation;
  /** The first failing step (1-based) and what was wrong, if any. */
  failure?: { step: number; send: string; problems: string[]; replies: string[] };
}

/** Plays one conversation from a fresh bot; stops at the first step that fails. */
export async function playConversation(conversation: Conversation, newClient: () => Promise<SendTurn>): Promise<ConversationResult> {
  const send = await newClient();
  for (const [i, step] of conversation.steps.entries()) {
    const replies = await send({ type: 'message', text: step.send, timestamp: new Date(step.at ?? conversation.at) });
    const problems = checkTurn(replies, step.checks);
    if (problems.length > 0) {
      return { conversation, failure: { step: i + 1, send: step.send, problems, replies: replies.map((r) => r.text ?? '') } };
    }
  }
  return { conversation };
}
