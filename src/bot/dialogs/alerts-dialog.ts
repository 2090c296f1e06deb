/**
 * Trip alerts in the conversation: subscribing ("alert me weekdays at 7:45 about the 504
 * eastbound at 8", the answer card's "Alert me before this trip"), asking for what is missing
 * (route and direction with the trip dialog's own questions and words, the trip time, the days),
 * refusing what cannot be done with the reason, confirming in plain words; and managing: "my
 * alerts", "stop the 504 alert", "stop all alerts", "pause alerts until Monday", "resume alerts".
 *
 * The main dialog starts this one for every alert command (src/bot/understand/subscription.ts
 * says which messages are), wherever the conversation was. Subscriptions go to an AlertBook
 * (src/alerts/store.ts, on the bot's storage); without one (alerts off), commands are answered
 * with "not available here".
 */
import { MessageFactory, TurnContext, type Activity } from 'botbuilder';
import { TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import {
  MAX_LEAD_MINUTES, MIN_LEAD_MINUTES, nextOccurrence, riderKey, UNTIL_RESUMED,
  type AlertBook, type AlertSummary, type Clock, type LocalDay, type SavedReference, type SubscriptionSpec, type Weekday,
} from '../../alerts/model';
import { torontoParts } from '../../pipeline/toronto-time';
import { validateTrip } from '../../pipeline/validate-trip';
import type { Locale } from '../../chart/catalogue';
import { localeFromTag } from '../../chart/locale';
import { activityTime, riderZone } from '../activity-time';
import { turnLocale } from '../language';
import { messages } from '../replies/messages';
import { mergeUnderstanding, type TripDraft } from '../draft';
import { question } from '../questions';
import { alertListReply, buttons } from '../replies/alert-cards';
import { alertMessages, type AlertMessages } from '../replies/alert-messages';
import type { Understanding } from '../understand';
import {
  readAlertRequest, resolveAlertTimes,
  type AlertCommand, type AlertRequest, type ClockReading, type PauseProblem, type ResolutionNote, type ResolutionProblem, type TimesSaid,
} from '../understand/subscription';
import { CancelAndHelpDialog } from './cancel-and-help-dialog';

export const ALERTS_DIALOG = 'alertsDialog';
const ALERTS_WATERFALL = 'alertsWaterfall';
const ALERT_PROMPT = 'alertPrompt';

export interface AlertsDeps {
  /** Where subscriptions live; undefined when alerts are off. */
  book?: AlertBook;
  maxPerRider: number;
  defaultLeadMinutes: number;
}

/** A subscription being put together over several messages. Plain JSON: it lives in dialog state. */
export interface AlertDraft extends TimesSaid {
  trip: TripDraft;
  offerDay?: LocalDay;
  onlyIfWorse: boolean;
  /** What the last question asked for. */
  expecting?: 'route' | 'direction' | 'time' | 'days';
}

interface AlertsOptions {
  command?: AlertCommand;
  draft?: AlertDraft;
  notes?: string[];
}

/**
 * The locale alerts are sent in: the channel's, unless the rider writes in another language (an
 * English rider on a fr-CA channel gets English alerts, and the other way round).
 */
function alertLocale(tag: string | undefined, locale: Locale): string {
  return tag && localeFromTag(tag) === locale ? tag : `${locale}-CA`;
}

/** The rider's key and the conversation to write to, from an incoming activity. */
function whoAndWhere(activity: Activity, locale: Locale): { rider: string; reference: SavedReference } {
  const r = TurnContext.getConversationReference(activity);
  const c = r.conversation ?? ({} as NonNullable<typeof r.conversation>);
  const reference: SavedReference = {
    channelId: r.channelId ?? activity.channelId,
    serviceUrl: r.serviceUrl ?? activity.serviceUrl,
    conversation: {
      id: c.id,
      ...(c.tenantId ? { tenantId: c.tenantId } : {}),
      ...(c.conversationType ? { conversationType: c.conversationType } : {}),
      ...(c.isGroup !== undefined ? { isGroup: c.isGroup } : {}),
    },
    user: { id: r.user?.id ?? activity.from?.id ?? '', ...(r.user?.aadObjectId ? { aadObjectId: r.user.aadObjectId } : {}) },
    bot: { id: r.bot?.id ?? activity.recipient?.id ?? '' },
    locale: alertLocale(r.locale, locale),
  };
  return { rider: riderKey(activity.channelId, activity.from?.id ?? ''), reference };
}

function understandingOf(r: AlertRequest, locale: Locale): Understanding {
  return {
    intent: 'trip', locale, route: r.route, direction: r.direction, towards: r.towards, time: { kind: 'none' },
    upDown: r.upDown, otherWay: r.otherWay, returnTrip: false, sameAgain: false, followUp: false, truncated: false,
  };
}

/** Merges what a message said into the draft; notes say what could not be used (trip dialog words). */
function merge(draft: AlertDraft, r: AlertRequest, locale: Locale): { draft: AlertDraft; notes: string[]; understood: boolean } {
  const trip = mergeUnderstanding(draft.trip, understandingOf(r, locale));
  const next: AlertDraft = { ...draft, trip: trip.draft, onlyIfWorse: draft.onlyIfWorse || r.onlyIfWorse };
  if (r.tripClock) next.tripClock = r.tripClock;
  if (r.alertClock) next.alertClock = r.alertClock;
  if (r.leadMinutes !== undefined) next.leadMinutes = r.leadMinutes;
  if (r.days) {
    next.days = r.days;
    delete next.once;
  }
  if (r.once) {
    next.once = r.once;
    next.onceFromWeekday = r.onceFromWeekday;
    delete next.days;
  }
  if (r.justOnce && next.offerDay) {
    next.once = next.offerDay;
    delete next.days;
  }
  const understood = r.route.kind !== 'none' || r.direction.kind !== 'none' || r.towards !== undefined || r.upDown !== undefined || r.otherWay
    || r.tripClock !== undefined || r.alertClock !== undefined || r.leadMinutes !== undefined || r.days !== undefined || r.once !== undefined || r.justOnce === true || r.onlyIfWorse;
  return { draft: next, notes: trip.notes, understood };
}

function problemWords(words: AlertMessages, p: ResolutionProblem, ref: Date): string {
  switch (p.kind) {
    case 'lead_too_short': return words.leadTooShort(p.minutes, MIN_LEAD_MINUTES);
    case 'lead_too_long': return words.leadTooLong(p.minutes, MAX_LEAD_MINUTES);
    case 'already_past': return words.alreadyPast(p.sendAt, ref);
    case 'no_such_clock': return words.noSuchClock(p.clock, p.day);
    case 'too_far': return words.tooFar;
  }
}

/** A request or pause that cannot be done as said, in the catalogue's words. */
function requestProblemWords(words: AlertMessages, p: NonNullable<AlertRequest['problem']> | PauseProblem, locale: Locale): string {
  switch (p.kind) {
    case 'too_often': return words.tooOften;
    case 'too_long': return words.pauseTooLong;
    case 'past_day': return words.dayInPast;
    case 'words': return words.sorry(messages(locale).timeProblem(p.problem));
  }
}

function noteWords(words: AlertMessages, note: ResolutionNote): string {
  switch (note) {
    case 'took_tomorrow': return words.tookTomorrow;
  }
}

export class AlertsDialog extends CancelAndHelpDialog {
  constructor(
    private readonly deps: AlertsDeps,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super(ALERTS_DIALOG);
    this.addDialog(new TextPrompt(ALERT_PROMPT, async () => true));
    this.addDialog(new WaterfallDialog(ALERTS_WATERFALL, [this.actStep.bind(this), this.mergeStep.bind(this)]));
    this.initialDialogId = ALERTS_WATERFALL;
  }

  private async actStep(step: WaterfallStepContext<AlertsOptions>): Promise<DialogTurnResult> {
    const { command } = step.options;
    const activity = step.context.activity;
    const locale = turnLocale(step.context);
    const words = alertMessages(locale);
    const ref = activityTime(activity, this.clock);
    const book = this.deps.book;
    if (command && !book) {
      await step.context.sendActivity(words.notAvailable);
      return step.endDialog();
    }
    const { rider } = whoAndWhere(activity, locale);
    switch (command?.kind) {
      case 'list':
        await step.context.sendActivity(alertListReply(await book!.list(rider), ref, undefined, locale));
        return step.endDialog();
      case 'stop':
        await this.stop(step, command, rider, ref, words);
        return step.endDialog();
      case 'pause': {
        if (command.problem) {
          await step.context.sendActivity(requestProblemWords(words, command.problem, locale));
          return step.endDialog();
        }
        const paused = await book!.pause(rider, command.until ?? new Date(UNTIL_RESUMED));
        const text = paused.length === 0 ? words.nothingToPause : command.until ? words.paused(paused.length, command.until, ref) : words.pausedIndefinitely(paused.length);
        await step.context.sendActivity(text);
        return step.endDialog();
      }
      case 'resume': {
        const resumed = await book!.pause(rider, undefined);
        await step.context.sendActivity(resumed.length === 0 ? words.noAlerts : words.resumed(resumed.length));
        return step.endDialog();
      }
      case 'subscribe': {
        if (command.request.problem) return this.refuse(step, requestProblemWords(words, command.request.problem, locale));
        const merged = merge({ trip: {}, onlyIfWorse: false }, command.request, locale);
        return this.progress(step, merged.draft, merged.notes);
      }
      case 'offer': {
        const t = torontoParts(command.time);
        const day = { year: t.year, month: t.month, day: t.day };
        const draft: AlertDraft = {
          trip: { route: command.route, direction: command.direction, ...(command.branch ? { branch: command.branch } : {}) },
          tripClock: { hours: [t.hour], minute: t.minute },
          askDays: true,
          offerDay: day,
          onlyIfWorse: false,
        };
        return this.progress(step, draft, []);
      }
      default:
        return this.progress(step, step.options.draft ?? { trip: {}, onlyIfWorse: false }, step.options.notes ?? []);
    }
  }

  private async refuse(step: WaterfallStepContext<AlertsOptions>, text: string): Promise<DialogTurnResult> {
    await step.context.sendActivity(text);
    return step.endDialog();
  }

  /** Asks for the next missing part, or checks, saves and confirms the subscription. */
  private async progress(step: WaterfallStepContext<AlertsOptions>, draft: AlertDraft, notes: string[]): Promise<DialogTurnResult> {
    const activity = step.context.activity;
    const locale = turnLocale(step.context);
    const words = alertMessages(locale);
    const ref = activityTime(activity, this.clock);
    const ask = async (expecting: AlertDraft['expecting'], prompt: Partial<Activity>): Promise<DialogTurnResult> => {
      (step.values as { draft?: AlertDraft }).draft = { ...draft, expecting };
      return step.prompt(ALERT_PROMPT, { prompt: prompt as Activity });
    };
    if (draft.trip.route === undefined) return ask('route', question('route', draft.trip, notes, locale));
    if (!draft.trip.direction) return ask('direction', question('direction', draft.trip, notes, locale));
    const resolution = resolveAlertTimes(draft, ref, this.deps.defaultLeadMinutes);
    if (resolution.kind === 'missing' && resolution.slot === 'time') {
      const suggestions = draft.alertClock ? [15, 30].map((m) => words.clockButton(clockAfter(draft.alertClock!, m))) : [...words.exampleTripTimes];
      return ask('time', MessageFactory.suggestedActions(buttons(suggestions), words.askTripTime(notes)));
    }
    if (resolution.kind === 'missing') {
      const day = draft.offerDay ? weekdayOf(draft.offerDay) : undefined;
      const choices = [words.justOnceButton, words.weekdaysButton, words.everyDayButton, ...(day !== undefined ? [words.weeklyOnButton(day)] : [])];
      return ask('days', MessageFactory.suggestedActions(buttons(choices), words.askDays(notes)));
    }
    if (resolution.kind === 'problem') return this.refuse(step, problemWords(words, resolution.problem, ref));

    // Route and direction as the trip dialog checks them, with its words.
    const first = nextOccurrence(resolution.schedule, resolution.leadMinutes, ref);
    const checked = validateTrip(draft.trip.route, draft.trip.direction, first?.trip ?? ref);
    if (!checked.ok) return this.refuse(step, words.sorry(checked.error.problem));
    if (resolution.schedule.kind === 'once' && !first) return this.refuse(step, words.alreadyPast(ref, ref));

    const { rider, reference } = whoAndWhere(activity, locale);
    const zone = riderZone(activity);
    const spec: SubscriptionSpec = {
      rider,
      route: checked.trip.route,
      ...(draft.trip.branch ? { branch: draft.trip.branch } : {}),
      direction: checked.trip.direction,
      schedule: resolution.schedule,
      leadMinutes: resolution.leadMinutes,
      onlyIfWorse: draft.onlyIfWorse,
      reference,
      ...(zone ? { riderZone: zone } : {}),
      createdAt: ref.toISOString(),
    };
    const added = await this.deps.book!.add(spec, this.deps.maxPerRider);
    if (!added.ok) return this.refuse(step, added.reason === 'limit' ? words.limit(added.max) : words.duplicate(added.existing, ref));
    const lead = [...notes, ...resolution.notes.map((n) => noteWords(words, n))];
    const text = `${lead.length ? `${lead.join(' ')} ` : ''}${words.subscribed(added.subscription, first?.sendAt, ref)}`;
    await step.context.sendActivity(MessageFactory.suggestedActions(buttons([words.myAlertsButton]), text));
    return step.endDialog();
  }

  private async mergeStep(step: WaterfallStepContext<AlertsOptions>): Promise<DialogTurnResult> {
    const draft = (step.values as { draft?: AlertDraft }).draft ?? { trip: {}, onlyIfWorse: false };
    const raw = typeof step.result === 'string' ? step.result : '';
    const ref = activityTime(step.context.activity, this.clock);
    const locale = turnLocale(step.context);
    const request = readAlertRequest(raw, ref, { expectingTime: draft.expecting === 'time', locale });
    const words = alertMessages(locale);
    if (request.problem) return this.refuse(step, requestProblemWords(words, request.problem, locale));
    const merged = merge(draft, request, locale);
    if (!merged.understood) merged.notes.push(words.notUnderstood);
    const { expecting: _asked, ...rest } = merged.draft;
    return step.replaceDialog(ALERTS_WATERFALL, { draft: rest, notes: merged.notes } satisfies AlertsOptions);
  }

  private async stop(step: WaterfallStepContext<AlertsOptions>, command: Extract<AlertCommand, { kind: 'stop' }>, rider: string, ref: Date, words: AlertMessages): Promise<void> {
    const book = this.deps.book!;
    let which: ((s: AlertSummary) => boolean) | undefined;
    if (command.id) which = (s) => s.id === command.id;
    else if (command.route !== undefined) which = (s) => s.route === command.route && (command.direction === undefined || s.direction === command.direction);
    else if (command.all) which = () => true;
    if (!which) {
      const mine = await book.list(rider);
      if (mine.length > 1) {
        await step.context.sendActivity(alertListReply(mine, ref, words.whichToStop, turnLocale(step.context)));
        return;
      }
      which = () => true;
    }
    const stopped = await book.stop(rider, which);
    await step.context.sendActivity(stopped.length === 0 ? words.nothingToStop(command.route) : words.stopped(stopped, command.all));
  }
}

function weekdayOf(d: LocalDay): Weekday {
  const days = Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
  return ((((days + 3) % 7) + 7) % 7) as Weekday;
}

/** The alert clock plus some minutes: a trip time to offer. */
function clockAfter(alert: ClockReading, minutes: number): Clock {
  const total = alert.hours[0] * 60 + alert.minute + minutes;
  return { hour: Math.floor(total / 60) % 24, minute: total % 60 };
}
