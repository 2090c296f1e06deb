import { CardFactory, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import {
  Dialog, DialogSet, DialogTurnStatus, WaterfallDialog,
  type DialogState, type DialogTurnResult, type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { DelayPredictor } from '../../model/types';
import { validateTrip } from '../../pipeline/validate-trip';
import { activityTime, riderZone } from '../activity-time';
import { completeTrip, type TripDraft } from '../draft';
import { startTrip, type LastTrip } from '../follow-up';
import { HELP_TEXT } from '../questions';
import { say } from '../replies/messages';
import { buildAnswer } from '../replies/answer';
import type { ChartSetting } from '../replies/chart-image';
import { CancelAndHelpDialog } from './cancel-and-help-dialog';
import { nextQuestion, TRIP_DIALOG, TripDialog, type TripDialogOptions, type TripDialogResult } from './trip-dialog';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';

/** Offered with every answer; the rider's next message is read as the answer to "another trip?". */
export const ANOTHER_TRIP_ACTIONS = ['Same trip next day', 'Other direction', 'New trip', 'No thanks'];

export interface MainDialogDeps {
  predictor: DelayPredictor;
  userState: UserState;
  /** How answer cards show the hourly risk chart. */
  chart: ChartSetting;
  /** "Now" for messages without a timestamp (default: the system clock). */
  clock?: () => Date;
}

/** Options when the main dialog restarts itself for another trip. */
interface MainOptions {
  draft?: TripDraft;
  notes?: string[];
}

/**
 * One trip from first words to answer: read the opening message, let the trip dialog ask for
 * what is missing, answer with the prediction, then offer another trip.
 */
export class MainDialog extends CancelAndHelpDialog {
  private readonly lastTrip: StatePropertyAccessor<LastTrip | undefined>;
  private readonly clock: () => Date;

  constructor(private readonly deps: MainDialogDeps) {
    super(MAIN_DIALOG);
    this.clock = deps.clock ?? (() => new Date());
    this.lastTrip = deps.userState.createProperty<LastTrip | undefined>('lastTrip');
    this.addDialog(new TripDialog(this.clock));
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [
      this.startStep.bind(this),
      this.answerStep.bind(this),
      this.anotherStep.bind(this),
    ]));
    this.initialDialogId = MAIN_WATERFALL;
    this.restartDialogId = MAIN_WATERFALL;
  }

  /** Runs the dialog for one turn, starting it if nothing is under way (core-bot's run()). */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  private async startStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const options = step.options as MainOptions | undefined;
    if (options?.draft) return this.fillTrip(step, { draft: options.draft, notes: options.notes ?? [] });
    const activity = step.context.activity;
    const last = await this.lastTrip.get(step.context);
    const start = startTrip(activity.text, activityTime(activity, this.clock), last, false);
    const notes = start.notes;
    switch (start.understanding.intent) {
      case 'help':
        await step.context.sendActivity(HELP_TEXT);
        return step.endDialog();
      case 'cancel':
      case 'no':
      case 'thanks':
        await step.context.sendActivity(say.anyTime);
        return step.endDialog();
      case 'greeting':
        notes.unshift(say.hi);
        break;
      case 'empty':
        notes.unshift(say.textOnly);
        break;
      case 'unreadable':
        notes.unshift(say.notUnderstoodExample);
        break;
      default:
        break;
    }
    return this.fillTrip(step, { draft: start.draft, notes });
  }

  /** Asks for what is missing with the trip dialog; a trip said whole goes straight to the answer. */
  private async fillTrip(step: WaterfallStepContext<MainOptions>, trip: TripDialogOptions): Promise<DialogTurnResult> {
    if (nextQuestion(trip, activityTime(step.context.activity, this.clock)) === undefined) return step.next(trip satisfies TripDialogResult);
    return step.beginDialog(TRIP_DIALOG, trip);
  }

  private async answerStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const ended = step.result as TripDialogResult | undefined;
    const draft = ended?.draft;
    const trip = draft ? completeTrip(draft) : undefined;
    if (!draft || !trip) return step.endDialog();
    const checked = validateTrip(trip.route, trip.direction, trip.time);
    if (!checked.ok) {
      await step.context.sendActivity(say.sorry(checked.error.problem));
      return step.endDialog();
    }
    const activity = step.context.activity;
    const answer = buildAnswer(this.deps.predictor, checked.trip, {
      ref: activityTime(activity, this.clock),
      riderZone: riderZone(activity),
      chart: this.deps.chart,
      branch: draft.branch,
    });
    if (ended.notes.length > 0) answer.text = `${ended.notes.join(' ')} ${answer.text ?? ''}`;
    // "Another trip?" rides on the answer as buttons rather than a message of its own: one reply
    // per answered trip is one POST to the channel, the largest cost of a turn under load.
    answer.suggestedActions = { to: [], actions: CardFactory.actions(ANOTHER_TRIP_ACTIONS) };
    await step.context.sendActivity(answer);
    await this.lastTrip.set(step.context, {
      route: trip.route, direction: trip.direction, time: trip.time.toISOString(), ...(draft.branch ? { branch: draft.branch } : {}),
    });
    return Dialog.EndOfTurn; // the next message comes to anotherStep as step.result
  }

  private async anotherStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const text = typeof step.result === 'string' ? step.result : undefined;
    // A bare "n" answers "Another trip?" with no; elsewhere it means north.
    if (/^\s*n\s*$/i.test(text ?? '')) {
      await step.context.sendActivity(say.goodRide);
      return step.endDialog();
    }
    const last = await this.lastTrip.get(step.context);
    const start = startTrip(text, activityTime(step.context.activity, this.clock), last, true);
    switch (start.understanding.intent) {
      case 'no':
      case 'thanks':
      case 'cancel':
        await step.context.sendActivity(say.goodRide);
        return step.endDialog();
      case 'yes':
        return step.replaceDialog(MAIN_WATERFALL, { draft: {}, notes: [] } satisfies MainOptions);
      case 'trip':
        return step.replaceDialog(MAIN_WATERFALL, { draft: start.draft, notes: start.notes } satisfies MainOptions);
      default:
        return step.replaceDialog(MAIN_WATERFALL, { draft: {}, notes: [say.notUnderstoodAnother] } satisfies MainOptions);
    }
  }
}
