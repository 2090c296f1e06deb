/**
 * `npm run demo:alerts [-- --url http://localhost:3978]`: trip alerts measured against a running
 * server with the real clock, over the Emulator protocol (this script plays the Emulator: it posts
 * to /api/messages with a serviceUrl on a receiver of its own, on loopback).
 *
 * 1. "remind me 5 minutes before the 504 eastbound at HH:MM", HH:MM a few minutes ahead (Toronto):
 *    exactly one proactive message must arrive, in the minute it is due, with the prediction value
 *    for the 504 eastbound at HH:MM and the subscription's id.
 * 2. A second such subscription, then "stop all alerts": its due time passes (plus a margin of
 *    two scheduler ticks) with nothing sent.
 * Prints what it saw and exits 0 when both hold, 1 otherwise. Takes about six minutes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { torontoParts, toTorontoIso } from '../src/pipeline/toronto-time';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BOT_URL ?? 'http://localhost:3978' },
    ahead: { type: 'string', default: '7' },
    lead: { type: 'string', default: '5' },
    margin: { type: 'string', default: '45' },
  },
});
const BOT = String(values.url).replace(/\/+$/, '');
const AHEAD = Number(values.ahead);
const LEAD = Number(values.lead);
const MARGIN_MS = Number(values.margin) * 1000;

interface Received {
  at: number;
  activity: { type: string; text?: string; value?: Record<string, unknown>; conversation?: { id: string }; attachments?: unknown[] };
}

const received: Received[] = [];
const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST' && req.url?.startsWith('/v3/conversations/')) {
      try {
        received.push({ at: Date.now(), activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['activity'] });
      } catch {
        // not JSON: not ours
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `demo-${received.length}` }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
});

const log = (line: string) => process.stdout.write(`${new Date().toISOString()}  ${line}\n`);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const two = (n: number) => String(n).padStart(2, '0');
const run = Date.now().toString(36);

/** The Toronto clock time `minutes` from now, rounded up to the minute: "HH:MM" (24 h) and its instant. */
function clockAhead(minutes: number): { text: string; instant: Date } {
  const instant = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const p = torontoParts(instant);
  return { text: `${two(p.hour)}:${two(p.minute)}`, instant };
}

async function say(conversation: string, text: string): Promise<Received['activity'][]> {
  const before = received.length;
  const { port } = receiver.address() as AddressInfo;
  const res = await fetch(`${BOT}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', id: `${conversation}-${received.length}`, channelId: 'emulator', serviceUrl: `http://127.0.0.1:${port}`,
      from: { id: `demo-rider-${run}`, name: 'Demo rider' }, recipient: { id: 'bot', name: 'Bot' },
      conversation: { id: conversation }, locale: 'en-CA', timestamp: new Date().toISOString(), text,
    }),
  });
  if (res.status !== 200) throw new Error(`/api/messages answered ${res.status}`);
  return received.slice(before).map((r) => r.activity).filter((a) => a.type === 'message');
}

const alertsIn = (conversation: string) => received.filter((r) => r.activity.conversation?.id === conversation && r.activity.value?.subscriptionId !== undefined);

async function main(): Promise<number> {
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const health = await fetch(`${BOT}/healthz`).catch(() => undefined);
  if (!health?.ok) throw new Error(`no bot at ${BOT} (GET /healthz): start it with npm start`);
  let ok = true;

  // 1. One alert, in the minute it is due.
  const conv1 = `demo-alerts-${run}-1`;
  const trip1 = clockAhead(AHEAD);
  const due1 = trip1.instant.getTime() - LEAD * 60_000;
  const ask1 = `remind me ${LEAD} minutes before the 504 eastbound at ${trip1.text}`;
  log(`rider: "${ask1}"`);
  const [confirm1] = await say(conv1, ask1);
  log(`bot:   "${confirm1?.text ?? '(nothing)'}"`);
  if (!/^(?:.*\s)?Done: /.test(confirm1?.text ?? '')) throw new Error('the subscription was not confirmed');
  log(`due at ${toTorontoIso(due1)}; waiting until ${MARGIN_MS / 1000} s after the minute it is due …`);
  while (Date.now() < due1 + 60_000 + MARGIN_MS) await sleep(500);
  const got1 = alertsIn(conv1);
  for (const r of got1) log(`alert: +${((r.at - due1) / 1000).toFixed(1)} s after due, value ${JSON.stringify(r.activity.value)}`);
  const value = got1[0]?.activity.value;
  const checks1: [string, boolean][] = [
    ['exactly one proactive message', got1.length === 1],
    ['in the minute it was due', got1.length > 0 && got1[0].at >= due1 && got1[0].at < due1 + 60_000],
    ['value: the 504 eastbound', value?.route === 504 && value?.direction === 'e'],
    [`value: the trip time ${toTorontoIso(trip1.instant)}`, value?.time === toTorontoIso(trip1.instant)],
    ['value: a probability and the subscription id', typeof value?.probability === 'number' && typeof value?.subscriptionId === 'string'],
    ['with the answer card', (got1[0]?.activity.attachments?.length ?? 0) > 0],
  ];

  // 2. Subscribed, then "stop all alerts": nothing when it would have been due.
  const conv2 = `demo-alerts-${run}-2`;
  const trip2 = clockAhead(LEAD + 2);
  const due2 = trip2.instant.getTime() - LEAD * 60_000;
  const ask2 = `remind me ${LEAD} minutes before the 504 eastbound at ${trip2.text}`;
  log(`rider: "${ask2}"`);
  const [confirm2] = await say(conv2, ask2);
  log(`bot:   "${confirm2?.text ?? '(nothing)'}"`);
  log('rider: "stop all alerts"');
  const [stopped] = await say(conv2, 'stop all alerts');
  log(`bot:   "${stopped?.text ?? '(nothing)'}"`);
  log(`would have been due at ${toTorontoIso(due2)}; waiting until ${MARGIN_MS / 1000} s after that minute …`);
  while (Date.now() < due2 + 60_000 + MARGIN_MS) await sleep(500);
  const got2 = alertsIn(conv2);
  const checks2: [string, boolean][] = [
    ['second subscription confirmed, then stopped', /Done: /.test(confirm2?.text ?? '') && /^Stopped/.test(stopped?.text ?? '')],
    ['nothing sent after "stop all alerts"', got2.length === 0],
  ];

  for (const [what, pass] of [...checks1, ...checks2]) {
    log(`${pass ? 'PASS' : 'FAIL'}  ${what}`);
    ok &&= pass;
  }
  log(ok ? 'demo:alerts passed' : 'demo:alerts FAILED');
  return ok ? 0 : 1;
}

main()
  .then((code) => {
    receiver.close();
    process.exit(code);
  })
  .catch((err: unknown) => {
    process.stderr.write(`demo:alerts: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
