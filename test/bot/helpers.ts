import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, UserState, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../src/bot/dialogs/main-dialog';
import type { ChartSetting } from '../../src/bot/replies/chart-image';
import { loadConfig } from '../../src/config';
import { loadPredictor } from '../../src/model/load-predictor';
import type { DelayPredictor } from '../../src/model/types';

let predictor: Promise<DelayPredictor> | undefined;

/** The real predictor, loaded once per test process from the committed model (config/default.yaml). */
export function realPredictor(): Promise<DelayPredictor> {
  if (!predictor) {
    const { paths } = loadConfig({});
    predictor = loadPredictor({ modelDir: paths.modelDir, pipelineDir: paths.pipelineDir });
  }
  return predictor;
}

/** A DialogTestClient around the main dialog, saving user state like the bot does. */
export async function mainDialogClient(chart: ChartSetting = { kind: 'off' }): Promise<DialogTestClient> {
  const storage = new MemoryStorage();
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const dialog = new MainDialog({ predictor: await realPredictor(), userState, conversationState, chart });
  return new DialogTestClient('test', dialog, undefined, [new AutoSaveStateMiddleware(userState)], conversationState);
}

/** All replies to the last message, typing indicators left out. */
export function drainReplies(client: DialogTestClient, first: Partial<Activity> | undefined): Partial<Activity>[] {
  const out: Partial<Activity>[] = [];
  let reply = first;
  while (reply) {
    if (reply.type !== 'typing') out.push(reply);
    reply = client.getNextReply();
  }
  return out;
}
