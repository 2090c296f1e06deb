import { CardFactory, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import {
  Dialog, DialogSet, DialogTurnStatus, WaterfallDialog,
  type DialogContext, type DialogState, type DialogTurnResult, type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Locale } from '../../chart/catalogue';
import type { DelayPredictor } from '../../model/types';
import { validateTrip } from '../../pipeline/validate-trip';
import { activityTime, riderZone } from '../activity-time';
import { completeTrip, type TripDraft } from '../draft';
import { startTrip, type LastTrip } from '../follow-up';
import { chooseLocale, turnLocale } from '../language';
import { helpText } from '../questions';
import { messages } from '../replies/messages';
import { buildAnswer } from '../replies/answer';
import { addAlertOffer } from '../replies/alert-cards'; // trip alerts hook
import { readAlertCommand, type AlertCommand } from '../understand/subscription'; // trip alerts hook
import { ALERTS_DIALOG, AlertsDialog, type AlertsDeps } from './alerts-dialog'; // trip alerts hook
import type { ChartSetting } from '../replies/chart-image';
import { CancelAndHelpDialog } from './cancel-and-help-dialog';
import { nextQuestion, TRIP_DIALOG, TripDialog, type TripDialogOptions, type TripDialogResult } from './trip-dialog';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';

export interface MainDialogDeps {
  predictor: DelayPredictor;
  userState: UserState;
  /** Where the conversation's language is kept (the state the dialog's own state is saved in). */
  conversationState: ConversationState;
  /** How answer cards show the hourly risk chart. */
  chart: ChartSetting;
  /** "Now" for messages without a timestamp (default: the system clock). */
  clock?: () => Date;
  /** Trip alerts (src/bot/dialogs/alerts-dialog.ts); without it alert commands get "not available here". */
  alerts?: AlertsDeps;
}

/** Options when the main dialog restarts itself for another trip. */
interface MainOptions {
  draft?: TripDraft;
  notes?: string[];
  /** Trip alerts hook: an alert command, for the alerts dialog. */
  alert?: AlertCommand;
}

/**
 * One trip from first words to answer: read the opening message, let the trip dialog ask for
 * what is missing, answer with the prediction, then offer another trip.
 */
export class MainDialog extends CancelAndHelpDialog {
  private readonly lastTrip: StatePropertyAccessor<LastTrip | undefined>;
  private readonly language: StatePropertyAccessor<Locale | undefined>;
  private readonly clock: () => Date;

  constructor(private readonly deps: MainDialogDeps) {
    super(MAIN_DIALOG);
    this.clock = deps.clock ?? (() => new Date());
    this.lastTrip = deps.userState.createProperty<LastTrip | undefined>('lastTrip');
    this.language = deps.conversationState.createProperty<Locale | undefined>('Language');
    this.addDialog(new TripDialog(this.clock));
    // ── trip alerts hook ──
    this.addDialog(new AlertsDialog(deps.alerts ?? { maxPerRider: 0, defaultLeadMinutes: 15 }, this.clock));
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
    // ── trip alerts hook: an alert command ("my alerts", "alert me …", a card's alert button)
    // goes to the alerts dialog wherever the conversation is (src/bot/understand/subscription.ts).
    const locale = await chooseLocale(context, this.language);
    const alert = readAlertCommand(context.activity.text, context.activity.value, activityTime(context.activity, this.clock), locale);
    if (alert) {
      await dc.cancelAllDialogs();
      await dc.beginDialog(this.id, { alert } satisfies MainOptions);
      return;
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Every turn starts by choosing its language (the rider's words, the conversation's, the locale). */
  async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    await chooseLocale(innerDc.context, this.language);
    return super.onBeginDialog(innerDc, options);
  }

  async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    await chooseLocale(innerDc.context, this.language);
    return super.onContinueDialog(innerDc);
  }

  private async startStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const options = step.options as MainOptions | undefined;
    if (options?.alert) return step.beginDialog(ALERTS_DIALOG, { command: options.alert }); // trip alerts hook
    if (options?.draft) return this.fillTrip(step, { draft: options.draft, notes: options.notes ?? [] });
    const activity = step.context.activity;
    const locale = turnLocale(step.context);
    const say = messages(locale);
    const last = await this.lastTrip.get(step.context);
    const start = startTrip(activity.text, activityTime(activity, this.clock), last, false, locale);
    const notes = start.notes;
    switch (start.understanding.intent) {
      case 'help':
        await step.context.sendActivity(helpText(locale));
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
    if (nextQuestion(trip, activityTime(step.context.activity, this.clock), turnLocale(step.context)) === undefined) return step.next(trip satisfies TripDialogResult);
    return step.beginDialog(TRIP_DIALOG, trip);
  }

  private async answerStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const ended = step.result as TripDialogResult | undefined;
    const draft = ended?.draft;
    const trip = draft ? completeTrip(draft) : undefined;
    if (!draft || !trip) return step.endDialog();
    const locale = turnLocale(step.context);
    const say = messages(locale);
    const checked = validateTrip(trip.route, trip.direction, trip.time);
    if (!checked.ok) {
      await step.context.sendActivity(say.tripRefused(checked.error.problem));
      return step.endDialog();
    }
    const activity = step.context.activity;
    const answer = buildAnswer(this.deps.predictor, checked.trip, {
      ref: activityTime(activity, this.clock),
      riderZone: riderZone(activity),
      chart: this.deps.chart,
      branch: draft.branch,
      locale,
    });
    if (ended.notes.length > 0) answer.text = `${ended.notes.join(' ')} ${answer.text ?? ''}`;
    // "Another trip?" rides on the answer as buttons rather than a message of its own: one reply
    // per answered trip is one POST to the channel, the largest cost of a turn under load.
    answer.suggestedActions = { to: [], actions: CardFactory.actions(say.anotherTrip) };
    if (this.deps.alerts?.book) addAlertOffer(answer, checked.trip, draft.branch, locale); // trip alerts hook
    await step.context.sendActivity(answer);
    await this.lastTrip.set(step.context, {
      route: trip.route, direction: trip.direction, time: trip.time.toISOString(), ...(draft.branch ? { branch: draft.branch } : {}),
    });
    return Dialog.EndOfTurn; // the next message comes to anotherStep as step.result
  }

  private async anotherStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const text = typeof step.result === 'string' ? step.result : undefined;
    const locale = turnLocale(step.context);
    const say = messages(locale);
    // A bare "n" answers "Another trip?" with no; elsewhere it means north.
    if (/^\s*n\s*$/i.test(text ?? '')) {
      await step.context.sendActivity(say.goodRide);
      return step.endDialog();
    }
    const last = await this.lastTrip.get(step.context);
    const start = startTrip(text, activityTime(step.context.activity, this.clock), last, true, locale);
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
