/**
 * Every word a rider reads from trip alerts, in one catalogue per language. English only for now;
 * a French one is another object of the same AlertMessages shape, chosen by alertMessages(locale).
 * Entries take values (routes, clock times, instants), never sentences built elsewhere, so another
 * language can order them its own way. Times are Toronto time and say so.
 */
import type { Locale } from '../../chart/catalogue';
import { routeLabel } from '../../pipeline/routes';
import { torontoParts } from '../../pipeline/toronto-time';
import { DIRECTION_WORDS, type Direction } from '../../pipeline/types';
import { UNTIL_RESUMED, type AlertSummary, type Clock, type LocalDay, type Schedule, type Weekday } from '../../alerts/model';

/** A live TTC service alert as the live source gives it (src/live): header, effect in words, until when. */
export interface LiveAlertText {
  header: string;
  effect?: string;
  /** ISO 8601; absent when the feed gives no end. */
  until?: string;
}

export interface AlertMessages {
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
  pauseTooLong: string;
  // the alert itself
  alertHeading(s: AlertSummary): string;
  liveAlertsHeading(route: number): string;
  liveAlertLine(alert: LiveAlertText): string;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clockText({ hour, minute }: Clock): string {
  if (hour === 12 && minute === 0) return '12:00 pm (noon)';
  if (hour === 0 && minute === 0) return '12:00 am (midnight)';
  return `${hour % 12 || 12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`;
}

function instantClock(instant: Date): string {
  const p = torontoParts(instant);
  return clockText(p);
}

function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function daysText(days: readonly Weekday[]): string {
  const set = [...new Set(days)].sort();
  const key = set.join('');
  if (key === '0123456') return 'every day';
  if (key === '01234') return 'weekdays';
  if (key === '56') return 'weekends';
  return listOf(set.map((d) => `${WEEKDAY_NAMES[d]}s`));
}

function dayNumber(d: LocalDay): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

/** "today (Tue, Nov 24)", "tomorrow (Wed, Nov 25)", "Friday, Nov 27", "Thursday, Dec 24, 2027". */
function dayText(day: LocalDay, ref: Date): string {
  const now = torontoParts(ref);
  const weekday = WEEKDAY_NAMES[(((dayNumber(day) + 3) % 7) + 7) % 7];
  const short = `${weekday.slice(0, 3)}, ${MONTHS[day.month - 1]} ${day.day}`;
  const diff = dayNumber(day) - dayNumber(now);
  if (diff === 0) return `today (${short})`;
  if (diff === 1) return `tomorrow (${short})`;
  return `${weekday}, ${MONTHS[day.month - 1]} ${day.day}${day.year === now.year ? '' : `, ${day.year}`}`;
}

function instantDay(instant: Date, ref: Date): string {
  const p = torontoParts(instant);
  return dayText({ year: p.year, month: p.month, day: p.day }, ref);
}

function tripName(s: Pick<AlertSummary, 'route' | 'branch' | 'direction'>): string {
  const label = s.branch ? `${s.branch} ${routeLabel(s.route).split(' ').slice(1).join(' ')}` : routeLabel(s.route);
  return `${label} ${DIRECTION_WORDS[s.direction as Direction]}`;
}

function leadText(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} minutes`;
}

/** The alert's own clock time: trip − lead, on the trip's day (or the day before). */
function alertClock(schedule: Schedule, lead: number): { clock: Clock; dayBefore: boolean } {
  const total = schedule.clock.hour * 60 + schedule.clock.minute - lead;
  const wrapped = ((total % 1440) + 1440) % 1440;
  return { clock: { hour: Math.floor(wrapped / 60), minute: wrapped % 60 }, dayBefore: total < 0 };
}

function whenText(s: AlertSummary, ref: Date): string {
  const a = alertClock(s.schedule, s.leadMinutes);
  if (s.schedule.kind === 'once') {
    return `at ${clockText(a.clock)}${a.dayBefore ? ' the evening before' : ''}, ${leadText(s.leadMinutes)} before your ${clockText(s.schedule.clock)} trip ${dayText(s.schedule.day, ref)} on the ${tripName(s)}`;
  }
  const days = daysText(s.schedule.days);
  return `at ${clockText(a.clock)}${a.dayBefore ? ' the evening before' : ''} ${days === 'every day' ? days : `on ${days}`}, ${leadText(s.leadMinutes)} before your ${clockText(s.schedule.clock)} trip on the ${tripName(s)}`;
}

function gapNote(s: AlertSummary): string {
  if (s.schedule.kind !== 'weekly' || s.schedule.clock.hour !== 2) return '';
  return ` The night clocks spring forward, ${clockText(s.schedule.clock)} doesn't exist in Toronto, so that day has no alert.`;
}

const en: AlertMessages = {
  offerButton: 'Alert me before this trip',
  stopButton: 'Stop',
  stopAllButton: 'Stop all alerts',
  stopThisButton: 'Stop this alert',
  myAlertsButton: 'My alerts',
  justOnceButton: 'Just this once',
  weekdaysButton: 'Weekdays',
  everyDayButton: 'Every day',
  weeklyOnButton: (day) => `${WEEKDAY_NAMES[day]}s`,

  subscribed: (s, firstSend, ref) => {
    const worse = s.onlyIfWorse ? ', but only when it looks worse than usual' : '';
    const first = s.schedule.kind === 'weekly' && firstSend ? ` The first one: ${instantDay(firstSend, ref)} at ${instantClock(firstSend)}.` : '';
    return `Done: I'll message you ${whenText(s, ref)} (Toronto time)${worse}.${first}${gapNote(s)} Say "my alerts" to see or stop your alerts.`;
  },
  list: (subs, ref) => (subs.length === 0 ? en.noAlerts : `Your trip alerts (Toronto time):\n\n${subs.map((s) => `- ${en.listItem(s, ref)}`).join('\n')}`),
  listItem: (s, ref) => {
    const a = alertClock(s.schedule, s.leadMinutes);
    const days = s.schedule.kind === 'once' ? dayText(s.schedule.day, ref) : daysText(s.schedule.days);
    const paused = s.pausedUntil ? (s.pausedUntil === UNTIL_RESUMED ? ' (paused)' : ` (paused until ${instantDay(new Date(s.pausedUntil), ref)})`) : '';
    const worse = s.onlyIfWorse ? ', only when worse than usual' : '';
    return `${tripName(s)}, ${days}, trip at ${clockText(s.schedule.clock)}: alert at ${clockText(a.clock)}${a.dayBefore ? ' the evening before' : ''}${worse}${paused}`;
  },
  noAlerts: 'You have no trip alerts. To set one, say something like "alert me weekdays at 7:45 about the 504 eastbound at 8".',
  stopped: (stopped, all) => {
    if (stopped.length === 1) return `Stopped your alert for the ${tripName(stopped[0])} at ${clockText(stopped[0].schedule.clock)}. I won't send it again.`;
    return `${all ? 'Stopped all' : 'Stopped'} ${stopped.length} alerts: ${listOf(stopped.map((s) => `the ${tripName(s)} at ${clockText(s.schedule.clock)}`))}. I won't send them again.`;
  },
  nothingToStop: (route) => (route === undefined ? 'You have no trip alerts to stop.' : `You have no alert for the ${routeLabel(route)}. Say "my alerts" to see the ones you have.`),
  whichToStop: 'Which alert should I stop? Tap Stop next to it:',
  paused: (count, until, ref) => `Paused ${count === 1 ? 'your alert' : `your ${count} alerts`}: nothing before ${instantDay(until, ref)} at ${instantClock(until)} (Toronto time). Say "resume alerts" to turn them back on sooner.`,
  pausedIndefinitely: (count) => `Paused ${count === 1 ? 'your alert' : `your ${count} alerts`} until you say "resume alerts".`,
  resumed: (count) => `${count === 1 ? 'Your alert is' : `Your ${count} alerts are`} back on.`,
  nothingToPause: 'You have no trip alerts to pause.',
  notAvailable: 'Trip alerts are not available on this server, but I can still tell you how likely a trip is to be delayed.',

  askTripTime: (notes) => `${notes.length ? `${notes.join(' ')} ` : ''}What time does the trip start? For example "8:00 am" or "17:30" (Toronto time).`,
  askDays: (notes) => `${notes.length ? `${notes.join(' ')} ` : ''}Which days should I alert you?`,

  tooOften: "I send at most one alert a day for each trip, so I can't repeat it more often. For a second trip, set up a second alert.",
  leadTooLong: (minutes, max) => `${leadText(minutes)} ahead is too early: I can alert you at most ${leadText(max)} before the trip.`,
  leadTooShort: (minutes, min) => `${minutes <= 0 ? 'At the trip time itself' : `${leadText(minutes)} ahead`} is too late to be useful: I need at least ${leadText(min)} before the trip.`,
  alreadyPast: (sendAt, ref) => `That alert would be at ${instantClock(sendAt)} ${instantDay(sendAt, ref)}, which has already passed. Pick a later trip or a shorter lead.`,
  limit: (max) => `You already have ${max} alerts, the most I keep for one rider. Say "my alerts" to stop one first.`,
  duplicate: (s, ref) => `You already have that alert: ${en.listItem(s, ref)}.`,
  sorry: (problem) => `Sorry, ${problem.replace(/[.\s]+$/, '')}.`,
  noSuchClock: (clock, day) => {
    const weekday = WEEKDAY_NAMES[(((dayNumber(day) + 3) % 7) + 7) % 7];
    return `Sorry, ${clockText(clock)} doesn't exist in Toronto on ${weekday}, ${MONTHS[day.month - 1]} ${day.day}: the clocks jump from 2:00 to 3:00 am that night.`;
  },
  pauseTooLong: 'I can pause alerts for up to a year. Say "stop all alerts" to end them instead.',

  alertHeading: (s) => `Your ${clockText(s.schedule.clock)} trip on the ${tripName(s)}, as you asked:`,
  liveAlertsHeading: (route) => `TTC service alerts for the ${routeLabel(route)}:`,
  liveAlertLine: (a) => `${a.effect ? `${a.effect}: ` : ''}${a.header}${a.until ? ` (until ${instantClock(new Date(a.until))})` : ''}`,
};

/** One catalogue per language the bot speaks (src/chart/catalogue.ts Locale): adding 'fr' there asks for one here. */
export const ALERT_CATALOGUES: Record<Locale, AlertMessages> = { en };

/** The catalogue for a channel's locale ("en-CA", "fr-CA"…): its language's, else English. */
export function alertMessages(locale?: string): AlertMessages {
  const language = (locale ?? 'en').slice(0, 2).toLowerCase();
  return (ALERT_CATALOGUES as Partial<Record<string, AlertMessages>>)[language] ?? ALERT_CATALOGUES.en;
}
