// What posting one reply to the channel costs the bot's thread: the SDK's generated
// ConnectorClient (OpenAPI serializer + Azure HTTP pipeline) against src/ops/reply-poster.ts,
// both posting the bot's real answer card to a receiver in a child process (so its CPU is not
// counted), 10 at a time. `npm run bench:reply`. Prints CPU and wall time per reply.
import { spawn } from 'node:child_process';
import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import pino from 'pino';
import { createBot } from '../src/bot';
import { loadConfig } from '../src/config';
import { loadPredictor } from '../src/model/load-predictor';
import { connectorClientOptions } from '../src/ops/connector-options';
import { ReplyPoster } from '../src/ops/reply-poster';

const RECEIVER = `
require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id":"r1"}'); });
}).listen(0, '127.0.0.1', function () { process.send(this.address().port); });`;
const WARMUP = 1000;
const REPLIES = 5000;
const CONCURRENCY = 10;

/** The bot's answer to a one-message trip, as it would go to the channel. */
async function answerActivity(): Promise<Partial<Activity>> {
  const { paths } = loadConfig({});
  const predictor = await loadPredictor({ modelDir: paths.modelDir, pipelineDir: paths.pipelineDir });
  const { bot } = createBot({ predictor, storage: new MemoryStorage(), logger: pino({ level: 'silent' }), chart: { kind: 'off' } });
  const adapter = new TestAdapter((context) => bot.run(context));
  await adapter.send({ type: 'message', text: '504 east tomorrow at 8am', timestamp: new Date() } as Partial<Activity>);
  const answer = adapter.activeQueue.find((a) => (a.attachments?.length ?? 0) > 0);
  if (!answer) throw new Error('the bot gave no answer card');
  return answer;
}

async function measure(name: string, send: () => Promise<unknown>): Promise<void> {
  const run = async (count: number) => {
    let left = count;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (left-- > 0) await send(); }));
  };
  await run(WARMUP);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run(REPLIES);
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000 / REPLIES;
  console.log(`${name.padEnd(36)} ${ms.toFixed(3)} ms CPU per reply, ${((performance.now() - t0) / REPLIES).toFixed(3)} ms wall`);
}

async function main(): Promise<void> {
  const activity = await answerActivity();
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((ok) => receiver.once('message', (m) => ok(Number(m))));
  const base = `http://127.0.0.1:${port}/`;
  console.log(`one answer card (${JSON.stringify(activity).length} bytes of JSON), ${REPLIES} replies, ${CONCURRENCY} at a time`);
  try {
    const credentials = new MicrosoftAppCredentials('', '');
    const sdk = new ConnectorClient(credentials, { baseUri: base, ...connectorClientOptions(10_000) });
    const lean = new ReplyPoster({ timeoutMs: 10_000 }).install(new ConnectorClient(credentials, { baseUri: base }), base, {});
    for (let round = 1; round <= 2; round++) {
      await measure(`round ${round}: SDK ConnectorClient`, () => sdk.conversations.replyToActivity('c1', 'a1', activity));
      await measure(`round ${round}: ReplyPoster`, () => lean.conversations.replyToActivity('c1', 'a1', activity));
    }
  } finally {
    receiver.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
