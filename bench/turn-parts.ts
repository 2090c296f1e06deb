// What one prediction turn costs in-process, layer by layer, on botbuilder's TestAdapter (no HTTP):
//   1. the bot as it runs (ActivityHandler → MainDialog → state), one whole trip per message;
//   2. a reference handler with the same state reads and writes and the same understanding and
//      answer, but no dialog stack — only to measure what the dialogs cost, not a second bot;
//   3. understanding and the answer alone.
// `npm run bench:turn-parts`. Prints microseconds per turn after a warm-up.
import { ActivityHandler, ConversationState, MemoryStorage, TestAdapter, UserState, type Activity, type TurnContext } from 'botbuilder';
import pino from 'pino';
import { createBot } from '../src/bot';
import { completeTrip } from '../src/bot/draft';
import { startTrip, type LastTrip } from '../src/bot/follow-up';
import { buildAnswer } from '../src/bot/replies/answer';
import { loadConfig } from '../src/config';
import { loadPredictor } from '../src/model/load-predictor';
import type { DelayPredictor } from '../src/model/types';
import { validateTrip } from '../src/pipeline/validate-trip';

const ROUTES = ['504 east', '501 west', '505 eastbound', '506 w', '510 south', '512 westbound', 'king car east', 'spadina car north'];
const TIMES = ['at 7:30 am tomorrow', 'at 5 pm', 'tomorrow at 8', 'friday at noon', 'at 11 pm'];
const TEXTS = ROUTES.flatMap((r) => TIMES.map((t) => `${r} ${t}`));
const WARMUP = 2000;
const TURNS = 5000;

/** Understanding, the checks and the answer card: the bot's own work in a one-message trip. */
function answerFor(predictor: DelayPredictor, text: string, last: LastTrip | undefined) {
  const start = startTrip(text, new Date(), last, true);
  const trip = completeTrip(start.draft);
  if (!trip) return undefined;
  const checked = validateTrip(trip.route, trip.direction, trip.time);
  if (!checked.ok) return undefined;
  return { trip, answer: buildAnswer(predictor, checked.trip, { ref: new Date(), chart: { kind: 'off' } }) };
}

async function perTurn(logic: (context: TurnContext) => Promise<void>): Promise<number> {
  const adapter = new TestAdapter(logic);
  const send = async (i: number): Promise<void> => {
    await adapter.send({ type: 'message', text: TEXTS[i % TEXTS.length], timestamp: new Date() } as Partial<Activity>);
    adapter.activeQueue.splice(0);
  };
  for (let i = 0; i < WARMUP; i++) await send(i);
  const t0 = performance.now();
  for (let i = 0; i < TURNS; i++) await send(i);
  return ((performance.now() - t0) * 1000) / TURNS;
}

async function main(): Promise<void> {
  const { paths } = loadConfig({});
  const predictor = await loadPredictor({ modelDir: paths.modelDir, pipelineDir: paths.pipelineDir });

  const { bot } = createBot({ predictor, storage: new MemoryStorage(), logger: pino({ level: 'silent' }), chart: { kind: 'off' } });
  const full = await perTurn((context) => bot.run(context));

  const storage = new MemoryStorage();
  const conversation = new ConversationState(storage);
  const users = new UserState(storage);
  const stateProperty = conversation.createProperty<{ step: number }>('draft');
  const lastTrip = users.createProperty<LastTrip | undefined>('lastTrip');
  const reference = new ActivityHandler();
  reference.onMessage(async (context, next) => {
    await stateProperty.get(context, { step: 0 });
    const result = answerFor(predictor, context.activity.text, await lastTrip.get(context));
    if (result) {
      await context.sendActivity(result.answer);
      await lastTrip.set(context, { route: result.trip.route, direction: result.trip.direction, time: result.trip.time.toISOString() });
    }
    await stateProperty.set(context, { step: Math.random() });
    await next();
  });
  const noDialogs = await perTurn(async (context) => {
    await reference.run(context);
    await conversation.saveChanges(context);
    await users.saveChanges(context);
  });

  for (let i = 0; i < WARMUP; i++) answerFor(predictor, TEXTS[i % TEXTS.length], undefined);
  const t0 = performance.now();
  for (let i = 0; i < TURNS; i++) answerFor(predictor, TEXTS[i % TEXTS.length], undefined);
  const own = ((performance.now() - t0) * 1000) / TURNS;

  console.log(`µs per one-message prediction turn, in-process (${TURNS} turns after ${WARMUP} warm-up):`);
  console.log(`  the bot (ActivityHandler, MainDialog, state):        ${full.toFixed(0)}`);
  console.log(`  same state and answer, no dialog stack (reference):  ${noDialogs.toFixed(0)}`);
  console.log(`  understanding and the answer alone:                  ${own.toFixed(0)}`);
  console.log(`  → the dialog stack: ~${(full - noDialogs).toFixed(0)} µs; TurnContext, handler and state: ~${(noDialogs - own).toFixed(0)} µs`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
