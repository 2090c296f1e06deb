// The bot server for bench/chat-turns.ts, in a process of its own so that the load generator and
// the reply receiver do not take its CPU. Prints "PORT <n>" once listening.
import type { ChartSetting } from '../src/bot';
import { loadConfig } from '../src/config';
import { loadPredictor } from '../src/model/load-predictor';
import { startBotServer } from '../test/http/emulator';

async function main(): Promise<void> {
  const chart = (process.argv[2] ?? 'link') as 'link' | 'inline' | 'off';
  const setting: ChartSetting = chart === 'link' ? { kind: 'link', baseUrl: 'https://bot.example.com' } : { kind: chart };
  const config = loadConfig({});
  const predictor = await loadPredictor({ modelDir: config.paths.modelDir, pipelineDir: config.paths.pipelineDir });
  const bot = await startBotServer(predictor, {}, setting);
  console.log(`PORT ${new URL(bot.url).port} ${predictor.info.backend}`);
  // Exit cleanly when the benchmark is done, so --cpu-prof can write its profile.
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
