// Latency of a full prediction turn over HTTP, as a channel sees it: POST /api/messages with a
// complete trip, the bot predicts and posts its replies (typing, answer card, "another trip?")
// back to a local receiver, and the POST returns. Reports p50 and p99 at 1 and 50 concurrent
// conversations. Usage: npm run bench:chat [-- --turns 2000] [--chart link|inline|off]
// The default chart setting is link, as in production with a public URL (the card holds the
// chart's URL; the client fetches it later); inline draws a PNG into every new card.
import { performance } from 'node:perf_hooks';
import type { ChartSetting } from '../src/bot';
import { loadConfig } from '../src/config';
import { loadPredictor } from '../src/model/load-predictor';
import { emulatorActivity, postActivity, startBotServer, startReceiver } from '../test/http/emulator';

const args = process.argv.slice(2);
const turnsArg = args.indexOf('--turns');
const TOTAL_TURNS = turnsArg >= 0 ? Number(args[turnsArg + 1]) : 2000;
const chartArg = args.indexOf('--chart');
const CHART = (chartArg >= 0 ? args[chartArg + 1] : 'link') as 'link' | 'inline' | 'off';
const CHART_SETTING: ChartSetting = CHART === 'link' ? { kind: 'link', baseUrl: 'https://bot.example.com' } : { kind: CHART };
const LEVELS = [1, 50];

const ROUTES = ['504 east', '501 west', '505 eastbound', '506 w', '510 south', '512 westbound', 'king car east', 'spadina car north', '509 e', '511 n'];
const TIMES = ['at 7:30 am tomorrow', 'at 5 pm', 'now', 'in 20 minutes', 'tomorrow at 8', 'friday at noon', 'at 11 pm', 'saturday at 2 pm'];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const config = loadConfig({});
  const predictor = await loadPredictor({ modelDir: config.paths.modelDir, pipelineDir: config.paths.pipelineDir });
  const receiver = await startReceiver();
  const bot = await startBotServer(predictor, {}, CHART_SETTING);
  let seq = 0;

  async function turn(conversation: string): Promise<number> {
    const i = seq++;
    const text = `${ROUTES[i % ROUTES.length]} ${TIMES[Math.floor(i / ROUTES.length) % TIMES.length]}`;
    const activity = emulatorActivity(receiver, conversation, { text });
    const start = performance.now();
    const res = await postActivity(bot, activity);
    await res.arrayBuffer();
    const ms = performance.now() - start;
    if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}`);
    return ms;
  }

  // Warm up: JIT, connection pools, chart cache for the trips used.
  for (let i = 0; i < 100; i++) await turn(`warm-${i % 5}`);

  console.log(`full prediction turns over HTTP (${TOTAL_TURNS} per level, chart ${CHART}, ${predictor.info.backend} backend, Node ${process.version})`);
  for (const concurrency of LEVELS) {
    const latencies: number[] = [];
    const perWorker = Math.ceil(TOTAL_TURNS / concurrency);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let k = 0; k < perWorker; k++) latencies.push(await turn(`c${concurrency}-w${w}`));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `concurrency ${String(concurrency).padStart(2)}: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, ` +
        `max ${latencies[latencies.length - 1].toFixed(1)} ms, ${(latencies.length / seconds).toFixed(0)} turns/s`,
    );
  }
  console.log(`replies posted back: ${receiver.activities.length}`);
  await bot.close();
  await receiver.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
