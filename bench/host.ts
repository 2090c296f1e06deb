// The host benchmark (issue 10): our server against a stock botbuilder + restify bot
// (bench/stock-bot.ts), in the same run, on the same machine, driven the same way.
//
// Each round starts each server as a child process of its own — ours as `npm start` runs it
// (`node --max-semi-space-size=64 dist/index.js`: default config, memory storage, logging at info
// to a discarded stdout), the stock bot compiled to plain JavaScript too — and measures:
//
//   ready      from spawn to the first 200 on GET /readyz (stock: the first HTTP answer at all)
//   rss start  VmRSS (/proc/<pid>/status) 2 s after ready, before any traffic
//   saturation 50 conversations back to back ("will the 504 eastbound be late now?", each turn
//              with deliveryMode expectReplies, so the replies come back in the POST's answer)
//   paced      the same 50 conversations sending 150 turns/s in all, each at its own steady pace;
//              latency counts from when a message was due, so waiting behind a slow turn counts
//   rss 10k    VmRSS after 10,000 distinct new conversations (one turn each, 50 at a time): 2 s
//              after them, and again after 15 s idle (V8's memory reducer gives memory back when
//              allocation stops)
//
// Every answer is checked: ours must be an Adaptive Card whose value has route 504 and direction
// e; the stock bot's must be its fixed text. Anything else, a non-200 or a socket error, counts
// as an error. The driver (this process) shares the 2 cores with the server: its own CPU is
// reported next to the server's. Loopback only, bounded in time.
//
// npm run bench:host [-- --rounds 3 --warmup 5 --saturation 20 --paced 30 --rate 150
//                        --conversations 50 --distinct 10000 --only ours|stock --json out.json]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const QUESTION = 'will the 504 eastbound be late now?';
const STOCK_REPLY = 'The stock bot answers.';
/** The node flags of `npm start` (package.json), so the bench runs what production runs. */
const OURS_NODE_ARGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(' ')
  .filter((a) => a.startsWith('--'));

interface Options {
  rounds: number;
  warmup: number;
  saturation: number;
  paced: number;
  rate: number;
  conversations: number;
  distinct: number;
  only?: 'ours' | 'stock';
  json?: string;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number, min: number, max: number): number => {
    const v = Number(get(name) ?? fallback);
    if (!(v >= min && v <= max)) throw new Error(`--${name} must be ${min}..${max}`);
    return v;
  };
  const only = get('only');
  if (only !== undefined && only !== 'ours' && only !== 'stock') throw new Error('--only must be ours or stock');
  return {
    rounds: num('rounds', 3, 1, 20),
    warmup: num('warmup', 5, 0, 120),
    saturation: num('saturation', 20, 1, 600),
    paced: num('paced', 30, 0, 600),
    rate: num('rate', 150, 1, 5000),
    conversations: num('conversations', 50, 1, 500),
    distinct: num('distinct', 10_000, 0, 200_000),
    only,
    json: get('json'),
  };
}

type Kind = 'ours' | 'stock';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** bench/stock-bot.ts as plain CommonJS next to the compiled server (dist/bench/stock-bot.js). */
function compileStockBot(): string {
  const source = readFileSync(join(ROOT, 'bench/stock-bot.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const dir = join(ROOT, 'dist/bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'stock-bot.js');
  writeFileSync(file, outputText);
  return file;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The process's CPU time so far (user + system), seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** How long the server is left idle after the distinct conversations before RSS is read again. */
const SETTLE_MS = 15_000;

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface Started {
  child: ChildProcess;
  pid: number;
  port: number;
  readyMs: number;
  /** The server's own CPU time (user + system) at readiness: less sensitive to a busy machine than the wall time. */
  readyCpuMs: number;
}

/** Spawns a server and polls until it is ready; the time is from spawn to the first good answer. */
async function start(kind: Kind, stockFile: string): Promise<Started> {
  const port = await freePort();
  // BENCH_NODE_ARGS: extra node flags for both servers (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = kind === 'ours' ? [...OURS_NODE_ARGS, ...extra, join(ROOT, 'dist/index.js')] : [...extra, stockFile];
  const env = { ...process.env, PORT: String(port), MicrosoftAppId: '', MicrosoftAppPassword: '', STORAGE_KIND: 'memory', LOG_LEVEL: 'info', NODE_ENV: 'production' };
  const t0 = performance.now();
  // BENCH_STDOUT_DIR: keep each server's stdout (its log lines, --trace-gc) in <dir>/<kind>-<pid>.log.
  const out = process.env.BENCH_STDOUT_DIR ? openSync(join(process.env.BENCH_STDOUT_DIR, `${kind}-${Date.now()}.log`), 'w') : 'ignore';
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const probe = kind === 'ours' ? '/readyz' : '/';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() - t0 > 120_000) throw new Error(`${kind} not ready within 120 s`);
    const status = await new Promise<number>((ok) => {
      const req = request({ host: '127.0.0.1', port, path: probe, method: 'GET', agent: false }, (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
      });
      req.on('error', () => ok(0));
      req.end();
    });
    if (kind === 'ours' ? status === 200 : status > 0) break;
    await sleep(10);
  }
  const readyMs = performance.now() - t0;
  return { child, pid: child.pid as number, port, readyMs, readyCpuMs: Math.round(cpuSeconds(child.pid as number) * 1000) };
}

async function stop(server: Started): Promise<number | null> {
  const exited = new Promise<number | null>((ok) => server.child.once('exit', (code) => ok(code)));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Our server's V8 heap (used / total MiB) from its /metrics; undefined for the stock bot. */
async function heapMiB(kind: Kind, port: number): Promise<{ used: number; total: number } | undefined> {
  if (kind !== 'ours') return undefined;
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const read = (name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
    return { used: Number(read('nodejs_heap_size_used_bytes').toFixed(1)), total: Number(read('nodejs_heap_size_total_bytes').toFixed(1)) };
  } catch {
    return undefined;
  }
}

interface Driver {
  /** One turn; resolves true when the answer is the right one. */
  turn(conversation: string): Promise<boolean>;
  /** Why turns failed: "status 503", "socket ECONNRESET", "wrong answer", … with a count each. */
  failures: Map<string, number>;
  /** The first few wrong answers' bodies, cut to 500 characters. */
  samples: string[];
  close(): void;
}

let seq = 0;

function driver(kind: Kind, port: number, sockets: number): Driver {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const check = kind === 'ours' ? isOurAnswer : isStockAnswer;
  const failures = new Map<string, number>();
  const samples: string[] = [];
  const fail = (why: string, body?: string): false => {
    failures.set(why, (failures.get(why) ?? 0) + 1);
    if (body !== undefined && samples.length < 5) samples.push(body.slice(0, 500));
    return false;
  };
  return {
    failures,
    samples,
    turn(conversation) {
      const body = JSON.stringify({
        type: 'message',
        id: `m${++seq}`,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:9/', // never called: the replies come back in the answer
        deliveryMode: 'expectReplies',
        from: { id: `u-${conversation}`, name: 'Rider' },
        recipient: { id: 'bot', name: 'Bot' },
        conversation: { id: conversation },
        locale: 'en-CA',
        timestamp: new Date().toISOString(),
        text: QUESTION,
      });
      return new Promise((ok) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (res.statusCode !== 200) return ok(fail(`status ${res.statusCode}`, text));
              try {
                ok(check(JSON.parse(text)) || fail('wrong answer', text));
              } catch {
                ok(fail('body not JSON', text));
              }
            });
            res.on('error', (err: NodeJS.ErrnoException) => ok(fail(`response ${err.code ?? err.message}`)));
          },
        );
        req.on('error', (err: NodeJS.ErrnoException) => ok(fail(`socket ${err.code ?? err.message}`)));
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

interface Reply {
  type?: string;
  text?: string;
  value?: { route?: unknown; direction?: unknown };
  attachments?: { contentType?: string; content?: { type?: string } }[];
}

function isOurAnswer(body: { activities?: Reply[] }): boolean {
  return (body.activities ?? []).some(
    (a) =>
      a.type === 'message' &&
      a.value?.route === 504 &&
      a.value?.direction === 'e' &&
      a.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive' &&
      a.attachments[0].content?.type === 'AdaptiveCard',
  );
}

function isStockAnswer(body: { activities?: Reply[] }): boolean {
  return (body.activities ?? []).some((a) => a.type === 'message' && a.text === STOCK_REPLY);
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface Phase {
  seconds: number;
  turns: number;
  errors: number;
  turnsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  serverCores: number;
  serverCpuMsPerTurn: number;
  driverCores: number;
}

/**
 * Runs the conversations for `seconds`: back to back (rate undefined) or paced at `rate` turns/s
 * in all, each conversation sending every conversations/rate seconds, latency from when a message
 * was due (no coordinated omission).
 */
async function drive(d: Driver, pid: number, names: string[], seconds: number, rate?: number): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = cpuSeconds(pid);
  const drv0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const interval = rate ? (names.length / rate) * 1000 : 0;
  await Promise.all(
    names.map(async (name, i) => {
      let due = t0 + (interval * i) / names.length;
      while (due < end && performance.now() < end) {
        const wait = due - performance.now();
        if (rate && wait > 0) await sleep(wait);
        const from = rate ? due : performance.now();
        const ok = await d.turn(name);
        latencies.push(performance.now() - from);
        if (!ok) errors++;
        due = rate ? due + interval : performance.now();
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds(pid) - cpu0;
  const drv = process.cpuUsage(drv0);
  const sorted = Float64Array.from(latencies).sort();
  const r1 = (x: number) => Number(x.toFixed(1));
  return {
    seconds: r1(elapsed),
    turns: latencies.length,
    errors,
    turnsPerSecond: r1(latencies.length / elapsed),
    latencyMs: { p50: r1(quantile(sorted, 0.5)), p90: r1(quantile(sorted, 0.9)), p99: r1(quantile(sorted, 0.99)), max: r1(sorted[sorted.length - 1] ?? NaN) },
    serverCores: Number((serverCpu / elapsed).toFixed(2)),
    serverCpuMsPerTurn: Number(((serverCpu * 1000) / Math.max(1, latencies.length)).toFixed(2)),
    driverCores: Number(((drv.user + drv.system) / 1e6 / elapsed).toFixed(2)),
  };
}

/** `count` new conversations, one turn each, `parallel` at a time. */
async function distinctConversations(d: Driver, round: number, count: number, parallel: number): Promise<{ turns: number; errors: number; seconds: number }> {
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        if (!(await d.turn(`distinct-${round}-${i}`))) errors++;
      }
    }),
  );
  return { turns: count, errors, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)) };
}

interface Run {
  kind: Kind;
  round: number;
  loadAverageBefore: number[];
  readyMs: number;
  readyCpuMs: number;
  rssAfterStartMiB: number;
  saturation: Phase;
  paced?: Phase;
  distinct?: { turns: number; errors: number; seconds: number };
  rssAfterDistinctMiB?: number;
  /** VmRSS once the server has been idle for SETTLE_MS after them (V8's memory reducer runs when allocation stops). */
  rssSettledMiB?: number;
  /** Ours only: V8 heap used / total at the two RSS readings. */
  heapAfterStartMiB?: { used: number; total: number };
  heapAfterDistinctMiB?: { used: number; total: number };
  heapSettledMiB?: { used: number; total: number };
  /** Why turns failed, over every phase, and the first few wrong answers. */
  failures: Record<string, number>;
  failureSamples: string[];
  exitCode: number | null;
}

async function runOne(kind: Kind, round: number, options: Options, stockFile: string): Promise<Run> {
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  const server = await start(kind, stockFile);
  await sleep(2000);
  const rssAfterStartMiB = Number(rssMiB(server.pid).toFixed(1));
  const heapAfterStartMiB = await heapMiB(kind, server.port);
  const names = Array.from({ length: options.conversations }, (_, i) => `bench-${kind}-${round}-${i}`);
  const d = driver(kind, server.port, options.conversations);
  try {
    if (options.warmup > 0) await drive(d, server.pid, names, options.warmup);
    const saturation = await drive(d, server.pid, names, options.saturation);
    const paced = options.paced > 0 ? await drive(d, server.pid, names, options.paced, options.rate) : undefined;
    let distinct: Run['distinct'];
    let rssAfterDistinctMiB: number | undefined;
    let heapAfterDistinctMiB: Run['heapAfterDistinctMiB'];
    let rssSettledMiB: number | undefined;
    let heapSettledMiB: Run['heapSettledMiB'];
    if (options.distinct > 0) {
      distinct = await distinctConversations(d, round, options.distinct, options.conversations);
      await sleep(2000);
      rssAfterDistinctMiB = Number(rssMiB(server.pid).toFixed(1));
      heapAfterDistinctMiB = await heapMiB(kind, server.port);
      await sleep(SETTLE_MS);
      rssSettledMiB = Number(rssMiB(server.pid).toFixed(1));
      heapSettledMiB = await heapMiB(kind, server.port);
    }
    d.close();
    const exitCode = await stop(server);
    return { kind, round, loadAverageBefore: load, readyMs: Math.round(server.readyMs), readyCpuMs: server.readyCpuMs, rssAfterStartMiB, heapAfterStartMiB, saturation, paced, distinct, rssAfterDistinctMiB, heapAfterDistinctMiB, rssSettledMiB, heapSettledMiB, failures: Object.fromEntries(d.failures), failureSamples: d.samples, exitCode };
  } catch (err) {
    d.close();
    server.child.kill('SIGKILL');
    throw err;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function summary(xs: number[]): { median: number; min: number; max: number } {
  const r = (x: number) => Number(x.toFixed(3));
  return { median: r(median(xs)), min: r(Math.min(...xs)), max: r(Math.max(...xs)) };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const stockFile = compileStockBot();
  const kinds: Kind[] = options.only ? [options.only] : ['stock', 'ours'];
  console.log(`host bench: ${options.rounds} round(s) of ${kinds.join(' + ')}; ${options.conversations} conversations, ${options.warmup} s warm-up, ${options.saturation} s saturation, ${options.paced} s paced at ${options.rate} turns/s, ${options.distinct} distinct conversations; ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const runs: Run[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    // Alternate the order, so neither server always runs on the warmer (or busier) machine.
    const order = round % 2 === 1 ? kinds : [...kinds].reverse();
    for (const kind of order) {
      const run = await runOne(kind, round, options, stockFile);
      runs.push(run);
      const p = run.paced;
      console.log(
        `  round ${round} ${kind.padEnd(5)} ready ${run.readyMs} ms (CPU ${run.readyCpuMs} ms), rss ${run.rssAfterStartMiB} MiB; saturation ${run.saturation.turnsPerSecond}/s (p99 ${run.saturation.latencyMs.p99} ms, server ${run.saturation.serverCores} cores, ${run.saturation.serverCpuMsPerTurn} ms CPU/turn, driver ${run.saturation.driverCores}), errors ${run.saturation.errors}` +
          (p ? `; paced ${p.turnsPerSecond}/s p50 ${p.latencyMs.p50} p99 ${p.latencyMs.p99} ms, errors ${p.errors}` : '') +
          (run.rssAfterDistinctMiB !== undefined ? `; rss after ${options.distinct} conversations ${run.rssAfterDistinctMiB} MiB (errors ${run.distinct?.errors})` : '') +
          (run.heapAfterDistinctMiB ? ` heap ${run.heapAfterDistinctMiB.used}/${run.heapAfterDistinctMiB.total} MiB` : '') +
          (run.rssSettledMiB !== undefined ? `, ${SETTLE_MS / 1000} s later ${run.rssSettledMiB} MiB` : '') +
          (run.heapSettledMiB ? ` heap ${run.heapSettledMiB.used}/${run.heapSettledMiB.total} MiB` : '') +
          (Object.keys(run.failures).length > 0 ? `; failures ${JSON.stringify(run.failures)}` : '') +
          `; load ${run.loadAverageBefore[0]}`,
      );
    }
  }

  const of = (kind: Kind) => runs.filter((r) => r.kind === kind);
  const figures = (kind: Kind) => {
    const rs = of(kind);
    if (rs.length === 0) return undefined;
    return {
      readyMs: summary(rs.map((r) => r.readyMs)),
      readyCpuMs: summary(rs.map((r) => r.readyCpuMs)),
      rssAfterStartMiB: summary(rs.map((r) => r.rssAfterStartMiB)),
      saturationTurnsPerSecond: summary(rs.map((r) => r.saturation.turnsPerSecond)),
      saturationCpuMsPerTurn: summary(rs.map((r) => r.saturation.serverCpuMsPerTurn)),
      pacedP50Ms: summary(rs.flatMap((r) => (r.paced ? [r.paced.latencyMs.p50] : []))),
      pacedP99Ms: summary(rs.flatMap((r) => (r.paced ? [r.paced.latencyMs.p99] : []))),
      rssAfterDistinctMiB: summary(rs.flatMap((r) => (r.rssAfterDistinctMiB !== undefined ? [r.rssAfterDistinctMiB] : []))),
      rssSettledMiB: summary(rs.flatMap((r) => (r.rssSettledMiB !== undefined ? [r.rssSettledMiB] : []))),
      errors: rs.reduce((n, r) => n + r.saturation.errors + (r.paced?.errors ?? 0) + (r.distinct?.errors ?? 0), 0),
    };
  };
  // Ratios within each round (same machine state), then their median.
  const ratios = kinds.length === 2
    ? (() => {
        const pairs = Array.from({ length: options.rounds }, (_, i) => [of('ours')[i], of('stock')[i]] as const);
        return {
          saturationOursOverStock: summary(pairs.map(([o, s]) => o.saturation.turnsPerSecond / s.saturation.turnsPerSecond)),
          pacedP99OursOverStock: summary(pairs.filter(([o, s]) => o.paced && s.paced).map(([o, s]) => o.paced!.latencyMs.p99 / s.paced!.latencyMs.p99)),
        };
      })()
    : undefined;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
    options,
    question: QUESTION,
    ours: figures('ours'),
    stock: figures('stock'),
    ratios,
    runs,
  };

  const row = (label: string, pick: (f: NonNullable<ReturnType<typeof figures>>) => { median: number; min: number; max: number }) => {
    const cell = (kind: Kind) => {
      const f = figures(kind);
      if (!f) return '—';
      const s = pick(f);
      return Number.isFinite(s.median) ? `${s.median} (${s.min}–${s.max})` : '—';
    };
    return `| ${label} | ${cell('ours')} | ${cell('stock')} |`;
  };
  console.log(`\nmedian (min–max) of ${options.rounds} round(s)\n`);
  console.log('| figure | ours | stock |\n| --- | --- | --- |');
  console.log(row('ready, ms', (f) => f.readyMs));
  console.log(row('CPU used until ready, ms', (f) => f.readyCpuMs));
  console.log(row('RSS after start, MiB', (f) => f.rssAfterStartMiB));
  console.log(row('saturation, turns/s', (f) => f.saturationTurnsPerSecond));
  console.log(row('server CPU per turn at saturation, ms', (f) => f.saturationCpuMsPerTurn));
  console.log(row(`paced ${options.rate}/s p50, ms`, (f) => f.pacedP50Ms));
  console.log(row(`paced ${options.rate}/s p99, ms`, (f) => f.pacedP99Ms));
  console.log(row(`RSS after ${options.distinct} conversations (2 s later), MiB`, (f) => f.rssAfterDistinctMiB));
  console.log(row(`RSS after ${options.distinct} conversations and ${SETTLE_MS / 1000} s idle, MiB`, (f) => f.rssSettledMiB));
  console.log(`| errors (all phases) | ${figures('ours')?.errors ?? '—'} | ${figures('stock')?.errors ?? '—'} |`);
  if (ratios) {
    const s = (x: { median: number; min: number; max: number }) => `${x.median} (${x.min}–${x.max})`;
    console.log(`\nours / stock, per round: saturation ${s(ratios.saturationOursOverStock)}, paced p99 ${s(ratios.pacedP99OursOverStock)}`);
  }
  const out = options.json ?? join(ROOT, 'bench/results', `host-${result.date.slice(0, 19).replace(/:/g, '-')}.json`);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwritten ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
