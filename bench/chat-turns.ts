// Latency of a full prediction turn over HTTP, as a channel sees it: POST /api/messages with a
// complete trip; the bot predicts and posts its replies (typing, answer card, "another trip?")
// back to a receiver; the POST returns when the turn is done. The bot runs in its own process
// (bench/chat-server.ts); this process sends the messages and receives the replies.
//
// Reported: p50/p99 at 1 conversation, at 50 concurrent conversations paced like people (each
// waits a think time between its messages), and the saturation throughput when 50 conversations
// send back to back with no pause (there latency is just queueing: 50 / throughput).
//
// Usage: npm run bench:chat [-- --turns 1500] [--chart link|inline|off] [--think 1000-3000]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { emulatorActivity, startReceiver, type Receiver } from '../test/http/emulator';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const TURNS = Number(arg('turns', '1500'));
const CHART = arg('chart', 'link');
const [THINK_MIN, THINK_MAX] = arg('think', '1000-3000').split('-').map(Number);

const ROUTES = ['504 east', '501 west', '505 eastbound', '506 w', '510 south', '512 westbound', 'king car east', 'spadina car north', '509 e', '511 n'];
const TIMES = ['at 7:30 am tomorrow', 'at 5 pm', 'now', 'in 20 minutes', 'tomorrow at 8', 'friday at noon', 'at 11 pm', 'saturday at 2 pm'];

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** CPU seconds the bot process has used (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

function startServer(): Promise<{ url: string; backend: string; pid: number | undefined; stop: () => void }> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/chat-server.ts', CHART], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /^PORT (\d+) (\S+)/.exec(line);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, backend: m[2], pid: child.pid, stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`bot server exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const receiver: Receiver = await startReceiver();
  const server = await startServer();
  let seq = 0;

  async function turn(conversation: string): Promise<number> {
    const i = seq++;
    const text = `${ROUTES[i % ROUTES.length]} ${TIMES[Math.floor(i / ROUTES.length) % TIMES.length]}`;
    const body = JSON.stringify(emulatorActivity(receiver, conversation, { text }));
    const start = performance.now();
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    await res.arrayBuffer();
    const ms = performance.now() - start;
    if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}`);
    return ms;
  }

  async function level(concurrency: number, turns: number, think: boolean): Promise<string> {
    const latencies: number[] = [];
    const perWorker = Math.ceil(turns / concurrency);
    const cpu0 = cpuSeconds(server.pid);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        // Conversations start spread over one think time, as people do.
        if (think) await new Promise((r) => setTimeout(r, Math.random() * THINK_MAX));
        for (let k = 0; k < perWorker; k++) {
          latencies.push(await turn(`c${concurrency}${think ? 't' : ''}-w${w}`));
          if (think) await new Promise((r) => setTimeout(r, THINK_MIN + Math.random() * (THINK_MAX - THINK_MIN)));
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const cpu1 = cpuSeconds(server.pid);
    const cpu = cpu0 !== undefined && cpu1 !== undefined ? `, bot CPU ${((1000 * (cpu1 - cpu0)) / latencies.length).toFixed(1)} ms/turn` : '';
    return `p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms, ${latencies.length} turns, ${(latencies.length / seconds).toFixed(0)} turns/s${cpu}`;
  }

  for (let i = 0; i < 200; i++) await turn(`warm-${i % 5}`); // JIT, sockets, caches
  console.log(`full prediction turns over HTTP: chart ${CHART}, ${server.backend} backend, Node ${process.version}`);
  console.log(`1 conversation:                         ${await level(1, Math.min(TURNS, 500), false)}`);
  console.log(`50 conversations, ${THINK_MIN}-${THINK_MAX} ms think time: ${await level(50, TURNS, true)}`);
  console.log(`50 conversations, no pause (saturation): ${await level(50, TURNS, false)}`);
  console.log(`replies posted back: ${receiver.activities.length}`);
  server.stop();
  await receiver.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
