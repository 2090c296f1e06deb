/**
 * Every word a rider reads from trip alerts, in one catalogue per language: English here, French
 * in ./alert-messages-fr.ts, listed in ALERT_CATALOGUES and chosen by alertMessages(locale). Entries take values (routes, clock times, days, instants),
 * never sentences built elsewhere, so another language can order them its own way; the small
 * words those sentences are made of (a clock time, a day, a lead, a list) are in `parts`, in the
 * catalogue too. Times are Toronto time and say so. Nothing outside this file writes alert words.
 */
import { fr } from './alert-messages-fr';
import { botWords } from './catalogue';
import type { Locale } from '../../chart/catalogue';
import { branchRouteLabel, routeLabel } from '../../pipeline/routes';
import { torontoParts } from '../../pipeline/toronto-time';
import type { Direction } from '../../pipeline/types';
import { UNTIL_RESUMED, type AlertSummary, type Clock, type LocalDay, type Weekday } from '../../alerts/model';
import { alertClock, dayNumberOfDay, instantClock, instantDay, weekdayOfDay } from './alert-time';

/** A live TTC service alert as the live source gives it (src/live): header, effect in words, until when. */
export interface LiveAlertText {
  header: string;
  effect?: string;
  /** ISO 8601; absent when the feed gives no end. */
  until?: string;
}

/** A trip as the alert words name it. */
export type TripNamed = Pick<AlertSummary, 'route' | 'branch' | 'direction'>;

export interface AlertMessages {
  /** The small words the sentences are made of. */
  parts: {
    /** A Toronto clock time: "8:00 am", "12:00 pm (noon)", "12:00 am (midnight)". */
    clock(clock: Clock): string;
    /** "Monday" (0) … "Sunday" (6). */
    weekday(day: Weekday): string;
    /** Weekly days: "every day", "weekdays", "weekends", "Mondays and Wednesdays". */
    days(days: readonly Weekday[]): string;
    /** A Toronto day seen from `ref`: "today (Tue, Nov 24)", "tomorrow (Wed, Nov 25)", "Friday, Nov 27", "Thursday, Dec 24, 2027". */
    day(day: LocalDay, ref: Date): string;
    /** A lead: "15 minutes", "1 hour", "2 hours", "1 h 30 min". */
    lead(minutes: number): string;
    /** "504 King eastbound", "504A King eastbound". */
    trip(trip: TripNamed): string;
    /** "a", "a and b", "a, b and c". */
    list(items: readonly string[]): string;
    /** When the alerts of a subscription go out, in words (the confirmation's middle). */
    when(s: AlertSummary, ref: Date): string;
    /** Said with a weekly alert whose trip time does not exist on the spring-forward day; '' otherwise. */
    gapNote(s: AlertSummary): string;
  };
  // buttons
  offerButton: string;
  stopButton: string;
  stopAllButton: string;
  stopThisButton: string;
  myAlertsButton: string;
  justOnceButton: string;
  weekdaysButton: string;
  everyDayButton: string;
  /** "Mondays" */
  weeklyOnButton(day: Weekday): string;
  /** Trip times offered when none was said (buttons whose title comes back as the rider's message). */
  exampleTripTimes: readonly string[];
  /** A trip time offered as a button: "8:00 am" (read back by src/bot/understand). */
  clockButton(clock: Clock): string;
  // confirmations
  subscribed(s: AlertSummary, firstSend: Date | undefined, ref: Date): string;
  list(subs: readonly AlertSummary[], ref: Date): string;
  listItem(s: AlertSummary, ref: Date): string;
  noAlerts: string;
  stopped(stopped: readonly AlertSummary[], all: boolean): string;
  nothingToStop(route: number | undefined): string;
  whichToStop: string;
  paused(count: number, until: Date, ref: Date): string;
  pausedIndefinitely(count: number): string;
  resumed(count: number): string;
  nothingToPause: string;
  notAvailable: string;
  // questions
  askTripTime(notes: readonly string[]): string;
  askDays(notes: readonly string[]): string;
  /** A note before the next question when a reply said nothing the alert could use. */
  notUnderstood: string;
  /** A note before the confirmation: a trip time said without a day had passed today. */
  tookTomorrow: string;
  // refusals
  tooOften: string;
  leadTooLong(minutes: number, max: number): string;
  leadTooShort(minutes: number, min: number): string;
  alreadyPast(sendAt: Date, ref: Date): string;
  limit(max: number): string;
  duplicate(s: AlertSummary, ref: Date): string;
  /** A problem worded by the trip dialog's checks (validateTrip, the time reader): "Sorry, …." */
  sorry(problem: string): string;
  noSuchClock(clock: Clock, day: LocalDay): string;
  /** A day named for a one-off or a pause that has already passed. */
  dayInPast: string;
  /** A one-off more than a year ahead. */
  tooFar: string;
  pauseTooLong: string;
  // the alert itself
  alertHeading(s: AlertSummary): string;
  liveAlertsHeading(route: number): string;
  liveAlertLine(alert: LiveAlertText): string;
  /** The alert's text: the heading, the usual answer's text line, and the live alerts' lines (may be none). */
  alertText(heading: string, answerText: string, route: number, liveLines: readonly string[]): string;
}

const EN_BOT = botWords('en');
const EN_MONTHS = EN_BOT.time.monthsShort;

function enClock({ hour, minute }: Clock): string {
  if (hour === 12 && minute === 0) return '12:00 pm (noon)';
  if (hour === 0 && minute === 0) return '12:00 am (midnight)';
  return `${hour % 12 || 12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`;
}

const en: AlertMessages = {
  parts: {
    clock: enClock,
    weekday: (day) => EN_BOT.time.weekdays[day],
    days: (days) => {
      const set = [...new Set(days)].sort();
      const key = set.join('');
      if (key === '0123456') return 'every day';
      if (key === '01234') return 'weekdays';
      if (key === '56') return 'weekends';
      return en.parts.list(set.map((d) => `${en.parts.weekday(d)}s`));
    },
    day: (day, ref) => {
      const now = torontoParts(ref);
      const weekday = en.parts.weekday(weekdayOfDay(day));
      const short = `${weekday.slice(0, 3)}, ${EN_MONTHS[day.month - 1]} ${day.day}`;
      const diff = dayNumberOfDay(day) - dayNumberOfDay(now);
      if (diff === 0) return `today (${short})`;
      if (diff === 1) return `tomorrow (${short})`;
      return `${weekday}, ${EN_MONTHS[day.month - 1]} ${day.day}${day.year === now.year ? '' : `, ${day.year}`}`;
    },
    lead: (minutes) => {
      if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
      if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
      return `${minutes} minutes`;
    },
    trip: (s) => {
      const label = branchRouteLabel(s.route, s.branch);
      return `${label} ${EN_BOT.directions[s.direction as Direction]}`;
    },
    list: (items) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
    when: (s, ref) => {
      const p = en.parts;
      const a = alertClock(s.schedule, s.leadMinutes);
      const evening = a.dayBefore ? ' the evening before' : '';
      if (s.schedule.kind === 'once') {
        return `at ${p.clock(a.clock)}${evening}, ${p.lead(s.leadMinutes)} before your ${p.clock(s.schedule.clock)} trip ${p.day(s.schedule.day, ref)} on the ${p.trip(s)}`;
      }
      const days = p.days(s.schedule.days);
      return `at ${p.clock(a.clock)}${evening} ${days === 'every day' ? days : `on ${days}`}, ${p.lead(s.leadMinutes)} before your ${p.clock(s.schedule.clock)} trip on the ${p.trip(s)}`;
    },
    gapNote: (s) => {
      if (s.schedule.kind !== 'weekly' || s.schedule.clock.hour !== 2) return '';
      return ` The night clocks spring forward, ${en.parts.clock(s.schedule.clock)} doesn't exist in Toronto, so that day has no alert.`;
    },
  },

  offerButton: 'Alert me before this trip',
  stopButton: 'Stop',
  stopAllButton: 'Stop all alerts',
  stopThisButton: 'Stop this alert',
  myAlertsButton: 'My alerts',
  justOnceButton: 'Just this once',
  weekdaysButton: 'Weekdays',
  everyDayButton: 'Every day',
  weeklyOnButton: (day) => `${en.parts.weekday(day)}s`,
  exampleTripTimes: ['8:00 am', '5:30 pm'],
  clockButton: ({ hour, minute }) => `${hour % 12 || 12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`,

  subscribed: (s, firstSend, ref) => {
    const worse = s.onlyIfWorse ? ', but only when it looks worse than usual' : '';
    const first = s.schedule.kind === 'weekly' && firstSend ? ` The first one: ${instantDay(en, firstSend, ref)} at ${instantClock(en, firstSend)}.` : '';
    return `Done: I'll message you ${en.parts.when(s, ref)} (Toronto time)${worse}.${first}${en.parts.gapNote(s)} Say "my alerts" to see or stop your alerts.`;
  },
  list: (subs, ref) => (subs.length === 0 ? en.noAlerts : `Your trip alerts (Toronto time):\n\n${subs.map((s) => `- ${en.listItem(s, ref)}`).join('\n')}`),
  listItem: (s, ref) => {
    const p = en.parts;
    const a = alertClock(s.schedule, s.leadMinutes);
    const days = s.schedule.kind === 'once' ? p.day(s.schedule.day, ref) : p.days(s.schedule.days);
    const paused = s.pausedUntil ? (s.pausedUntil === UNTIL_RESUMED ? ' (paused)' : ` (paused until ${instantDay(en, new Date(s.pausedUntil), ref)})`) : '';
    const worse = s.onlyIfWorse ? ', only when worse than usual' : '';
    return `${p.trip(s)}, ${days}, trip at ${p.clock(s.schedule.clock)}: alert at ${p.clock(a.clock)}${a.dayBefore ? ' the evening before' : ''}${worse}${paused}`;
  },
  noAlerts: 'You have no trip alerts. To set one, say something like "alert me weekdays at 7:45 about the 504 eastbound at 8".',
  stopped: (stopped, all) => {
    const p = en.parts;
    if (stopped.length === 1) return `Stopped your alert for the ${p.trip(stopped[0])} at ${p.clock(stopped[0].schedule.clock)}. I won't send it again.`;
    return `${all ? 'Stopped all' : 'Stopped'} ${stopped.length} alerts: ${p.list(stopped.map((s) => `the ${p.trip(s)} at ${p.clock(s.schedule.clock)}`))}. I won't send them again.`;
  },
  nothingToStop: (route) => (route === undefined ? 'You have no trip alerts to stop.' : `You have no alert for the ${routeLabel(route)}. Say "my alerts" to see the ones you have.`),
  whichToStop: 'Which alert should I stop? Tap Stop next to it:',
  paused: (count, until, ref) => `Paused ${count === 1 ? 'your alert' : `your ${count} alerts`}: nothing before ${instantDay(en, until, ref)} at ${instantClock(en, until)} (Toronto time). Say "resume alerts" to turn them back on sooner.`,
  pausedIndefinitely: (count) => `Paused ${count === 1 ? 'your alert' : `your ${count} alerts`} until you say "resume alerts".`,
  resumed: (count) => `${count === 1 ? 'Your alert is' : `Your ${count} alerts are`} back on.`,
  nothingToPause: 'You have no trip alerts to pause.',
  notAvailable: 'Trip alerts are not available on this server, but I can still tell you how likely a trip is to be delayed.',

  askTripTime: (notes) => `${notes.length ? `${notes.join(' ')} ` : ''}What time does the trip start? For example "8:00 am" or "17:30" (Toronto time).`,
  askDays: (notes) => `${notes.length ? `${notes.join(' ')} ` : ''}Which days should I alert you?`,
  notUnderstood: "Sorry, I didn't understand that.",
  tookTomorrow: 'That time has passed today, so I took tomorrow.',

  tooOften: "I send at most one alert a day for each trip, so I can't repeat it more often. For a second trip, set up a second alert.",
  leadTooLong: (minutes, max) => `${en.parts.lead(minutes)} ahead is too early: I can alert you at most ${en.parts.lead(max)} before the trip.`,
  leadTooShort: (minutes, min) => `${minutes <= 0 ? 'At the trip time itself' : `${en.parts.lead(minutes)} ahead`} is too late to be useful: I need at least ${en.parts.lead(min)} before the trip.`,
  alreadyPast: (sendAt, ref) => `That alert would be at ${instantClock(en, sendAt)} ${instantDay(en, sendAt, ref)}, which has already passed. Pick a later trip or a shorter lead.`,
  limit: (max) => `You already have ${max} alerts, the most I keep for one rider. Say "my alerts" to stop one first.`,
  duplicate: (s, ref) => `You already have that alert: ${en.listItem(s, ref)}.`,
  sorry: (problem) => `Sorry, ${problem.replace(/[.\s]+$/, '')}.`,
  noSuchClock: (clock, day) => `Sorry, ${en.parts.clock(clock)} doesn't exist in Toronto on ${en.parts.weekday(weekdayOfDay(day))}, ${EN_MONTHS[day.month - 1]} ${day.day}: the clocks jump from 2:00 to 3:00 am that night.`,
  dayInPast: 'Sorry, that day is in the past.',
  tooFar: 'Sorry, I can only look up to a year ahead.',
  pauseTooLong: 'I can pause alerts for up to a year. Say "stop all alerts" to end them instead.',

  alertHeading: (s) => `Your ${en.parts.clock(s.schedule.clock)} trip on the ${en.parts.trip(s)}, as you asked:`,
  liveAlertsHeading: (route) => `TTC service alerts for the ${routeLabel(route)}:`,
  liveAlertLine: (a) => `${a.effect ? `${a.effect}: ` : ''}${a.header}${a.until ? ` (until ${instantClock(en, new Date(a.until))})` : ''}`,
  alertText: (heading, answerText, route, liveLines) =>
    `${heading} ${answerText}${liveLines.length > 0 ? `\n\n${en.liveAlertsHeading(route)}\n${liveLines.map((l) => `- ${l}`).join('\n')}` : ''}`,
};

/** One catalogue per language the bot speaks (src/chart/catalogue.ts Locale): adding 'fr' there asks for one here. */
export const ALERT_CATALOGUES: Record<Locale, AlertMessages> = { en, fr };

/** The catalogue for a channel's locale ("en-CA", "fr-CA"…): its language's, else English. */
export function alertMessages(locale: Locale = 'en'): AlertMessages {
  return ALERT_CATALOGUES[locale];
}
