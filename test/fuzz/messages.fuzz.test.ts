// Fuzz over HTTP: at least 5,000 generated requests to POST /api/messages of the real server
// (wired as src/index.ts): random text, unicode, injections, huge and empty bodies, random
// activity types and fields. Zero 5xx, zero crashes, every well-formed message activity answered.
// Seeded: FUZZ_SEED=<n> reproduces a run (the seed is printed); FUZZ_COUNT=<n> changes the count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { realPredictor } from '../bot/helpers';
import { activityProblem } from '../../src/host/botbuilder/activity-guard';
import { startApp, startReceiver, type InProcessApp, type Receiver } from '../ops/helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const COUNT = Number(process.env.FUZZ_COUNT ?? 5000);
const PARALLEL = 16;

/** mulberry32: small, fast, good enough to drive a fuzzer, and reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INJECTIONS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE conversations; --",
  '${process.exit(1)}',
  '{{7*7}}',
  '__proto__',
  '{"__proto__":{"polluted":true}}',
  '../../../../etc/passwd',
  '%s%s%s%n',
  '\u0000\u0001\u0002',
  '\u202e504 tsae',
  'constructor.prototype',
  '<at>Bot</at> 504 east',
  '$(reboot)',
  '\\u0000',
  'javascript:alert(1)',
];
const WORDS = ['504', '501', 'east', 'westbound', 'north', 'at', '5', 'pm', 'tomorrow', 'now', 'help', 'cancel', 'king', 'spadina', 'car', 'in', '20', 'minutes', 'friday', 'noon', 'yes', 'no', 'another', 'trip', 'restart', '25:99', '-1', '1e309', 'NaN'];
const UNICODE = ['é', '→', '🚋', '東', '﷽', 'ß', '\u200b', '\u0301', '🏳️‍🌈', 'Ω', '\ud800', 'א', 'ё', '\uFEFF', '\t', '\n', '\r\n'];
const TYPES = ['message', 'conversationUpdate', 'typing', 'event', 'invoke', 'messageReaction', 'endOfConversation', 'installationUpdate', 'contactRelationUpdate', 'deleteUserData', 'messageUpdate', 'messageDelete', 'suggestion', 'trace', 'handoff', 'command', 'x-unknown', ''];

interface Case {
  /** The raw request body. */
  body: string;
  contentType: string;
  /** When the activity is a well-formed message: its conversation id (a reply must arrive). */
  expectReplyIn?: string;
  label: string;
  /** A well-formed invoke activity (one the bot does not implement is answered 400). */
  invoke?: boolean;
}

function generator(seed: number, receiverUrl: string) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (n: number) => Math.floor(r() * n);
  const randomString = (max: number): string => {
    const n = int(max + 1);
    let s = '';
    for (let i = 0; i < n; i++) {
      const k = r();
      if (k < 0.5) s += String.fromCharCode(32 + int(95));
      else if (k < 0.7) s += pick(UNICODE);
      else if (k < 0.8) s += String.fromCodePoint(int(0x10ffff + 1));
      else s += ` ${pick(WORDS)} `;
    }
    return s;
  };
  const text = (): string => {
    const k = r();
    if (k < 0.25) return Array.from({ length: 1 + int(6) }, () => pick(WORDS)).join(' ');
    if (k < 0.45) return randomString(80);
    if (k < 0.6) return pick(INJECTIONS) + (r() < 0.5 ? ` ${pick(WORDS)}` : '');
    if (k < 0.7) return '';
    if (k < 0.75) return ' \t\n ';
    if (k < 0.82) return randomString(20).repeat(1 + int(500)); // long, up to ~100 KB
    if (k < 0.9) return `${pick(['504', '501', '505', '506', '510', '511', '512', '999', '0'])} ${pick(['east', 'west', 'north', 'south', 'up', ''])} ${pick(['at 5 pm', 'now', 'in 20 minutes', 'yesterday', 'at 99', ''])}`;
    return Array.from({ length: int(30) }, () => pick(UNICODE)).join('');
  };
  const junk = (depth = 0): unknown => {
    const k = r();
    if (depth > 3 || k < 0.2) return randomString(10);
    if (k < 0.3) return int(1e6) - 5e5;
    if (k < 0.35) return null;
    if (k < 0.4) return r() < 0.5;
    if (k < 0.6) return Array.from({ length: int(4) }, () => junk(depth + 1));
    return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['a', 'b', 'type', 'id', 'text', '__proto__', 'constructor', randomString(5)]), junk(depth + 1)]));
  };

  let n = 0;
  return (): Case => {
    const i = n++;
    const conversation = `fuzz-${seed}-${i}`;
    const base: Record<string, unknown> = {
      type: 'message',
      id: `f${i}`,
      channelId: pick(['emulator', 'emulator', 'msteams', 'webchat', 'directline', 'slack']),
      serviceUrl: receiverUrl,
      from: { id: `user-${int(50)}`, name: 'Rider' },
      recipient: { id: 'bot', name: 'Bot' },
      conversation: { id: conversation },
      locale: pick(['en-CA', 'en-US', 'fr-CA', '', 'xx', 'zh-Hans-CN']),
      timestamp: new Date(Date.UTC(2026, int(12), 1 + int(28), int(24), int(60))).toISOString(),
      text: text(),
    };
    const k = r();
    let label = 'message';
    if (k < 0.55) {
      // A message with random text (the bulk).
    } else if (k < 0.65) {
      label = 'random type';
      base.type = pick(TYPES);
      if (base.type === 'conversationUpdate') base.membersAdded = [{ id: `user-${int(5)}` }, { id: 'bot' }];
      if (base.type === 'invoke' || base.type === 'event') base.name = pick(['adaptiveCard/action', 'composeExtension/query', 'signin/verifyState', randomString(10)]);
      if (r() < 0.5) base.value = junk();
    } else if (k < 0.78) {
      label = 'random fields';
      for (let f = 0; f < 1 + int(4); f++) {
        base[pick(['value', 'entities', 'attachments', 'channelData', 'suggestedActions', 'localTimestamp', 'timestamp', 'replyToId', 'textFormat', 'attachmentLayout', 'speak', 'inputHint', 'summary', 'importance', 'deliveryMode', 'listenFor', 'label', 'valueType', 'semanticAction', 'callerId', randomString(8)])] =
          r() < 0.3 ? [junk()] : junk();
      }
      if (r() < 0.3) base.entities = [{ type: 'clientInfo', timezone: pick(['America/Toronto', 'Not/AZone', '', 'Etc/GMT+14']), locale: pick(['en-CA', 'zz']) }];
      if (r() < 0.2) base.value = { route: junk(), direction: junk(), time: junk() };
    } else if (k < 0.86) {
      label = 'broken shape';
      const field = pick(['type', 'conversation', 'from', 'recipient', 'serviceUrl', 'channelId', 'text', 'id']);
      base[field] = pick([undefined, null, 42, '', [], {}, 'not a url', { id: 7 }, junk()]);
    } else if (k < 0.9) {
      label = 'huge body';
      base.text = 'x'.repeat(300 * 1024 + int(200 * 1024));
    } else if (k < 0.94) {
      label = 'not an activity';
      const raw = pick(['', ' ', 'null', '[]', '42', '"text"', '{', '{"type":', 'true', '{}', '[{"type":"message"}]', '\u0000', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}']);
      return { body: raw, contentType: 'application/json', label };
    } else if (k < 0.97) {
      label = 'wrong content type';
      return { body: JSON.stringify(base), contentType: pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '']), label };
    } else {
      label = 'unicode ids';
      base.conversation = { id: `${conversation}-${pick(UNICODE)}${randomString(5)}` };
      base.from = { id: randomString(10) || 'u', name: randomString(10) };
    }
    const body = JSON.stringify(base);
    const wellFormed = activityProblem(JSON.parse(body)) === undefined;
    const isMessage = base.type === 'message' && wellFormed && Buffer.byteLength(body) <= 256 * 1024;
    const invoke = base.type === 'invoke' && wellFormed;
    return { body, contentType: 'application/json', expectReplyIn: isMessage ? (base.conversation as { id: string }).id : undefined, label, invoke };
  };
}

let app: InProcessApp;
let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
  app = await startApp(await realPredictor());
});
after(async () => {
  await app.close();
  await receiver.close();
});

describe(`fuzz: ${COUNT} requests to POST /api/messages (seed ${SEED})`, () => {
  it('no 5xx, no crash, every well-formed message activity answered', async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} reproduces this run)`);
    const next = generator(SEED, receiver.url);
    const cases = Array.from({ length: COUNT }, next);
    const statuses = new Map<string, Map<number, number>>();
    const failures: string[] = [];
    const repliesByConversation = () => {
      const map = new Map<string, number>();
      for (const a of receiver.activities as Activity[]) {
        if (a.type === 'message' && a.conversation?.id) map.set(a.conversation.id, (map.get(a.conversation.id) ?? 0) + 1);
      }
      return map;
    };
    let cursor = 0;
    let unsupportedInvokes = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (cursor < cases.length) {
          const index = cursor++;
          const c = cases[index];
          const headers: Record<string, string> = c.contentType ? { 'Content-Type': c.contentType } : {};
          let status: number;
          let body = '';
          try {
            const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers, body: c.body });
            status = res.status;
            body = await res.text();
          } catch (err) {
            failures.push(`#${index} (${c.label}): request failed: ${(err as Error).message}`);
            continue;
          }
          const byLabel = statuses.get(c.label) ?? new Map<number, number>();
          byLabel.set(status, (byLabel.get(status) ?? 0) + 1);
          statuses.set(c.label, byLabel);
          // An invoke the bot does not implement is refused with 400 (the SDK's default is 501).
          if (status === 400 && c.invoke) unsupportedInvokes++;
          if (status >= 500) failures.push(`#${index} (${c.label}): ${status} ${body.slice(0, 200)} for ${c.body.slice(0, 200)}`);
          if (/\bat .+\.(ts|js):\d+/.test(body)) failures.push(`#${index} (${c.label}): a stack trace in the answer`);
          if (c.expectReplyIn && status !== 200) failures.push(`#${index} (${c.label}): a well-formed message got ${status}: ${body.slice(0, 200)}`);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const replies = repliesByConversation();
    const unanswered = cases.filter((c) => c.expectReplyIn && !replies.has(c.expectReplyIn));
    for (const c of unanswered.slice(0, 10)) {
      const why = app.logs.filter((l) => l.conversationId === c.expectReplyIn && (l.level as number) >= 40).map((l) => `${l.msg}: ${(l.err as { message?: string })?.message}`);
      failures.push(`unanswered message in ${c.expectReplyIn}: ${c.body.slice(0, 200)} — ${why.join('; ')}`);
    }
    const messagesSent = cases.filter((c) => c.expectReplyIn).length;
    console.log(
      `fuzz: ${COUNT} requests in ${seconds.toFixed(1)} s (${(COUNT / seconds).toFixed(0)}/s); ${messagesSent} well-formed messages, ${messagesSent - unanswered.length} answered`,
    );
    console.log(`  unsupported invokes answered 400: ${unsupportedInvokes}`);
    for (const [label, byStatus] of statuses) console.log(`  ${label.padEnd(20)} ${[...byStatus].map(([s, n]) => `${s}×${n}`).join(' ')}`);

    // The process is still whole: health, readiness, and a real prediction.
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${app.url}/readyz`)).status, 200);
    assert.ok(messagesSent >= COUNT * 0.5, `most cases are well-formed messages (${messagesSent})`);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures (FUZZ_SEED=${SEED})`);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.equal(/^errors_total\{kind="http"\} (\d+)$/m.exec(metrics)?.[1], '0', 'no 5xx counted by the server either');
  });
});
