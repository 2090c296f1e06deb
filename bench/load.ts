// Load and soak test over the Emulator protocol, against the real entry point compiled as
// `npm start` runs it (node dist/index.js; `npm run bench:load` builds first) in a process of its own: N concurrent conversations each POST activities to /api/messages with
// serviceUrl pointing at a receiver in this process, which accepts the bot's replies as the
// Emulator's connector does. Most conversations ask for a full trip in one message; every fourth
// fills the trip over three messages (route, direction, time), as a rider often does.
//
// Reports turns/s, prediction turns/s, p50/p99/max latency of POST /api/messages (the turn is
// finished, replies posted and state saved, when the POST returns), and the server's memory
// (resident set and V8 heap, read from its /metrics) over the run.
//
// Loopback only, bounded in time: npm run bench:load -- --duration 300 --concurrency 50
//   --url http://127.0.0.1:3978   drive a server that is already running instead of starting one
//   --json results.json           also write the figures as JSON
//   --rate 400                    paced: riders send 400 turns/s in all, each at its own steady
//                                 pace, instead of back to back; latency counts from when each
//                                 message was due, so waiting behind a late turn is included
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';

interface Options {
  duration: number;
  warmup: number;
  concurrency: number;
  url?: string;
  json?: string;
  /** Paced mode: total turns per second offered, spread over the conversations (default: back to back). */
  rate?: number;
  logLevel: string;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const options: Options = {
    duration: Number(get('duration') ?? 60),
    warmup: Number(get('warmup') ?? 15),
    concurrency: Number(get('concurrency') ?? 50),
    url: get('url'),
    json: get('json'),
    rate: get('rate') === undefined ? undefined : Number(get('rate')),
    logLevel: get('log-level') ?? 'info',
  };
  if (!(options.duration > 0 && options.duration <= 1800)) throw new Error('--duration must be 1..1800 seconds');
  if (!(options.concurrency >= 1 && options.concurrency <= 500)) throw new Error('--concurrency must be 1..500');
  if (options.rate !== undefined && !(options.rate > 0 && options.rate <= 10_000)) throw new Error('--rate must be 1..10000 turns/s');
  if (options.url && !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/.test(options.url)) {
    throw new Error('--url must be a loopback address (this is a load test)');
  }
  return options;
}

const ROUTES = ['504 east', '501 west', '505 eastbound', '506 w', '510 south', '512 westbound', 'king car east', 'spadina car north', '509 e', '511 n', '503 e', '301 w'];
const TIMES = ['at 7:30 am tomorrow', 'at 5 pm', 'now', 'in 20 minutes', 'tomorrow at 8', 'friday at noon', 'at 11 pm', 'saturday at 2 pm'];
/** Each of the concurrent workers plays this many riders' conversations in turn. */
const CONVERSATIONS_PER_WORKER = 20;
const STEPS: Array<[string, string, string]> = [
  ['504', 'east', 'at 5 pm'],
  ['the 501', 'westbound', 'tomorrow at 8 am'],
  ['510', 'north', 'now'],
  ['506', 'west please', 'in half an hour'],
];

interface Receiver {
  url: string;
  replies: () => number;
  bytes: () => number;
  /** Answer cards (replies carrying a prediction) received so far in a conversation. */
  answers: (conversation: string) => number;
  close: () => Promise<void>;
}

/** The channel side: accepts every reply, and counts the answers (with a prediction) per conversation. */
async function startReceiver(): Promise<Receiver> {
  let replies = 0;
  let bytes = 0;
  let id = 0;
  const answers = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      chunks.push(c);
    });
    req.on('end', () => {
      replies++;
      // POST /v3/conversations/{id}/activities/{replyToId}
      const conversation = decodeURIComponent(/\/v3\/conversations\/([^/]+)/.exec(req.url ?? '')?.[1] ?? '');
      if (Buffer.concat(chunks).includes('"probability":')) answers.set(conversation, (answers.get(conversation) ?? 0) + 1);
      const body = `{"id":"r${++id}"}`;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, replies: () => replies, bytes: () => bytes, answers: (c) => answers.get(c) ?? 0, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** Starts the server as `npm start` does (`node dist/index.js`) on a free port. */
async function startServer(logLevel: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve(__dirname, '../dist/index.js')], {
    cwd: resolve(__dirname, '..'),
    env: { ...process.env, PORT: '0', LOG_LEVEL: logLevel, MicrosoftAppId: '', MicrosoftAppPassword: '', STORAGE_KIND: 'memory' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((ok, fail) => {
    let buffer = '';
    let found = false;
    child.stdout?.on('data', (c: Buffer) => {
      if (found) return; // the turn log lines are read and dropped
      buffer += c.toString();
      const m = /"url":"http:\/\/[^:]*:?[^"]*?:(\d+)\/api\/messages"/.exec(buffer) ?? /"url":"http:\/\/\[::\]:(\d+)\/api\/messages"/.exec(buffer);
      if (m) {
        found = true;
        ok({ url: `http://127.0.0.1:${m[1]}`, child });
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${stderr}`)));
    setTimeout(() => fail(new Error('server did not start within 60 s')), 60_000).unref();
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 1000 });

function post(url: string, body: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(
      `${url}/api/messages`,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

async function getText(url: string): Promise<string> {
  const res = await fetch(url);
  return res.text();
}

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface MemorySample {
  t: number;
  rssMiB: number;
  heapMiB: number;
  /** The server's CPU time so far (user + system), seconds. */
  cpuSeconds: number;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const receiver = await startReceiver();
  const server = options.url ? { url: options.url.replace(/\/$/, ''), child: undefined } : await startServer(options.logLevel);
  const target = server.url;
  console.log(`load: ${options.concurrency} conversations${options.rate ? ` paced at ${options.rate} turns/s in all` : ', back to back'}, ${options.warmup} s warm-up + ${options.duration} s measured, against ${target}`);

  let seq = 0;
  let measuring = false;
  let stopping = false;
  const latencies: number[] = [];
  /** Send to answer only, leaving out any wait before the send (differs from latencies in paced mode). */
  const roundTrips: number[] = [];
  /** When each measured turn ended (ms since the measurement began), for the per-window tail. */
  const endedAt: number[] = [];
  let measureStart = 0;
  let turns = 0;
  let predictionTurns = 0;
  let failures = 0;
  let missingAnswers = 0;
  const statuses = new Map<number, number>();

  const activity = (conversation: string, text: string) =>
    JSON.stringify({
      type: 'message',
      id: `a${++seq}`,
      channelId: 'emulator',
      serviceUrl: receiver.url,
      from: { id: `u-${conversation}`, name: 'Rider' },
      recipient: { id: 'bot', name: 'Bot' },
      conversation: { id: conversation },
      locale: 'en-CA',
      timestamp: new Date().toISOString(),
      text,
    });

  /**
   * One turn; its latency runs from `due` (paced mode: when the rider meant to send it, so a turn
   * held up behind a late one counts its wait) or from the send. A prediction turn counts only if
   * the answer card reached the channel before the POST returned.
   */
  async function timedTurn(conversation: string, text: string, prediction: boolean, due?: number): Promise<void> {
    const sent = performance.now();
    const started = due ?? sent;
    const answersBefore = receiver.answers(conversation);
    let status = 0;
    try {
      status = await post(target, activity(conversation, text));
    } catch {
      status = -1;
    }
    const ms = performance.now() - started;
    if (!measuring) return;
    roundTrips.push(performance.now() - sent);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status !== 200) failures++;
    latencies.push(ms);
    endedAt.push(performance.now() - measureStart);
    turns++;
    if (prediction && status === 200) {
      if (receiver.answers(conversation) > answersBefore) predictionTurns++;
      else missingAnswers++;
    }
  }

  /**
   * Paced mode (--rate): each rider sends a message every concurrency/rate seconds (riders start
   * spread over one interval). `next()` waits until the message is due and returns when it was.
   */
  const pacer = (w: number): (() => Promise<number | undefined>) => {
    if (!options.rate) return async () => undefined;
    const interval = (options.concurrency / options.rate) * 1000;
    let due = performance.now() + (interval * w) / options.concurrency;
    return async () => {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
      const at = due;
      due += interval;
      return at;
    };
  };

  async function worker(w: number): Promise<void> {
    let round = 0;
    const next = pacer(w);
    const turn = async (conversation: string, text: string, prediction: boolean) => timedTurn(conversation, text, prediction, await next());
    while (!stopping) {
      // A fixed population of riders' conversations, each coming back again and again (the
      // state store then holds a steady number of conversations, as it would in service).
      const conversation = `load-${w}-${round % CONVERSATIONS_PER_WORKER}`;
      if (w % 4 === 3) {
        const [route, direction, time] = STEPS[round % STEPS.length];
        await turn(conversation, route, false);
        await turn(conversation, direction, false);
        await turn(conversation, time, true);
      } else {
        // A conversation of three trips in a row (the bot asks "another trip?" after each).
        for (let k = 0; k < 3 && !stopping; k++) {
          const i = w * 7 + round * 3 + k;
          await turn(conversation, `${ROUTES[i % ROUTES.length]} ${TIMES[Math.floor(i / ROUTES.length) % TIMES.length]}`, true);
        }
      }
      round++;
    }
  }

  const memory: MemorySample[] = [];
  const sampleMemory = async (t: number) => {
    try {
      const text = await getText(`${target}/metrics`);
      memory.push({
        t,
        rssMiB: metric(text, 'process_resident_memory_bytes') / 2 ** 20,
        heapMiB: metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
        cpuSeconds: metric(text, 'process_cpu_seconds_total'),
      });
    } catch {
      /* a missed sample is not a failure of the bot */
    }
  };

  const workers = Array.from({ length: options.concurrency }, (_, w) => worker(w));
  await new Promise((ok) => setTimeout(ok, options.warmup * 1000));
  measuring = true;
  const t0 = performance.now();
  measureStart = t0;
  const cpu0 = process.cpuUsage();
  await sampleMemory(0);
  const sampler = setInterval(() => void sampleMemory((performance.now() - t0) / 1000), 10_000);
  const progress = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    console.log(`  ${s.toFixed(0).padStart(4)} s: ${turns} turns (${(turns / s).toFixed(0)}/s), failures ${failures}, rss ${memory.at(-1)?.rssMiB.toFixed(0) ?? '?'} MiB`);
  }, 30_000);
  await new Promise((ok) => setTimeout(ok, options.duration * 1000));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = process.cpuUsage(cpu0);
  const driverCpuSeconds = (cpu1.user + cpu1.system) / 1e6;
  clearInterval(sampler);
  clearInterval(progress);
  await sampleMemory(seconds);
  stopping = true;
  await Promise.all(workers);

  const sorted = Float64Array.from(latencies).sort();
  // The tail in each 30 s of the run: shows whether slow turns are spread out or bunched.
  const windows: Array<{ from: number; turns: number; p50: number; p99: number; max: number }> = [];
  for (let from = 0; from < seconds; from += 30) {
    const inWindow = Float64Array.from(latencies.filter((_, i) => endedAt[i] >= from * 1000 && endedAt[i] < (from + 30) * 1000)).sort();
    if (inWindow.length === 0) continue;
    windows.push({ from, turns: inWindow.length, p50: Number(quantile(inWindow, 0.5).toFixed(1)), p99: Number(quantile(inWindow, 0.99).toFixed(1)), max: Number(inWindow[inWindow.length - 1].toFixed(1)) });
  }
  const firstMinute = memory.filter((m) => m.t <= 60);
  const lastMinute = memory.filter((m) => m.t >= seconds - 60);
  const avg = (xs: MemorySample[], k: 'rssMiB' | 'heapMiB') => xs.reduce((a, m) => a + m[k], 0) / Math.max(1, xs.length);
  const metricsText = await getText(`${target}/metrics`).catch(() => '');
  const result = {
    node: process.version,
    concurrency: options.concurrency,
    warmupSeconds: options.warmup,
    seconds: Number(seconds.toFixed(1)),
    turns,
    turnsPerSecond: Number((turns / seconds).toFixed(1)),
    predictionTurns,
    predictionTurnsPerSecond: Number((predictionTurns / seconds).toFixed(1)),
    ...(options.rate ? { offeredTurnsPerSecond: options.rate } : {}),
    failures,
    missingAnswers,
    statuses: Object.fromEntries(statuses),
    // The server's own CPU: how busy its one Node thread was, and CPU per turn (independent of
    // what else runs on the machine, this load generator included).
    serverCpu: (() => {
      const first = memory[0];
      const last = memory.at(-1);
      if (!first || !last || !(last.t > first.t)) return undefined;
      const cpu = last.cpuSeconds - first.cpuSeconds;
      return { utilisation: Number((cpu / (last.t - first.t)).toFixed(2)), msPerTurn: Number(((cpu * 1000) / Math.max(1, turns)).toFixed(2)) };
    })(),
    // This process (the riders and the channel's receiver) shares the machine's cores with the server.
    driverCpu: { utilisation: Number((driverCpuSeconds / seconds).toFixed(2)), msPerTurn: Number(((driverCpuSeconds * 1000) / Math.max(1, turns)).toFixed(2)) },
    machine: { cpus: cpus().length, loadAverage: loadavg().map((x) => Number(x.toFixed(2))) },
    latencyMs: {
      p50: Number(quantile(sorted, 0.5).toFixed(1)),
      p90: Number(quantile(sorted, 0.9).toFixed(1)),
      p99: Number(quantile(sorted, 0.99).toFixed(1)),
      max: Number(sorted[sorted.length - 1].toFixed(1)),
      by30Seconds: windows,
    },
    roundTripMs: (() => {
      const rt = Float64Array.from(roundTrips).sort();
      return { p50: Number(quantile(rt, 0.5).toFixed(1)), p99: Number(quantile(rt, 0.99).toFixed(1)), max: Number(rt[rt.length - 1].toFixed(1)) };
    })(),
    memoryMiB: {
      rssFirstMinute: Number(avg(firstMinute, 'rssMiB').toFixed(1)),
      rssLastMinute: Number(avg(lastMinute, 'rssMiB').toFixed(1)),
      rssGrowthPercent: Number(((avg(lastMinute, 'rssMiB') / avg(firstMinute, 'rssMiB') - 1) * 100).toFixed(1)),
      heapFirstMinute: Number(avg(firstMinute, 'heapMiB').toFixed(1)),
      heapLastMinute: Number(avg(lastMinute, 'heapMiB').toFixed(1)),
      heapGrowthPercent: Number(((avg(lastMinute, 'heapMiB') / avg(firstMinute, 'heapMiB') - 1) * 100).toFixed(1)),
      samples: memory.map((m) => ({ t: Math.round(m.t), rss: Number(m.rssMiB.toFixed(1)), heap: Number(m.heapMiB.toFixed(1)) })),
    },
    repliesReceived: receiver.replies(),
    replyBytesAverage: Math.round(receiver.bytes() / Math.max(1, receiver.replies())),
    serverErrors: {
      turn: metric(metricsText, 'errors_total\\{kind="turn"\\}'),
      reply: metric(metricsText, 'errors_total\\{kind="reply"\\}'),
      http: metric(metricsText, 'errors_total\\{kind="http"\\}'),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2) + '\n');

  if (server.child) {
    const exited = new Promise<number | null>((ok) => server.child!.once('exit', (code) => ok(code)));
    server.child.kill('SIGTERM');
    const code = await exited;
    console.log(`server exited with ${code} after SIGTERM`);
  }
  agent.destroy();
  await receiver.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
