import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import { CHART_CATALOGUES, type Locale } from '../../chart/catalogue';
import { hourProfileOf } from '../../chart/hour-profile';
import { comparisonOf, outlookOf, type Outlook } from '../../chart/risk-words';
import { hoursAsAnswered } from '../../model/hours-as-answered';
import { thresholdFor, type DelayPredictor, type HourlyRisk } from '../../model/types';
import { activeRoutes, branchRouteLabel, findRoute } from '../../pipeline/routes';
import { fromTorontoWallClock, torontoParts, toTorontoIso } from '../../pipeline/toronto-time';
import type { Prediction, PredictionAlert, Trip } from '../../pipeline/types';
import { alertsCardElements, alertsText, countedNoteCardElements } from '../../live/render'; // live alerts
import { botWords } from './catalogue';
import { chartElement, type ChartSetting } from './chart-image';
import { chanceInWords, clock, comparedWithUsual, hourSpan, outlookInWords, percent, riderClock, timeInWords } from './words';

/** The JSON every prediction reply carries in `value`, for Direct Line clients and tests. */
export interface PredictionValue {
  route: number;
  direction: Trip['direction'];
  /** The resolved trip time, ISO 8601 with the Toronto offset. */
  time: string;
  probability: number;
  delayed: boolean;
  /** live alerts: the TTC's service alerts for the route at the trip's time, when there are any. */
  alerts?: PredictionAlert[];
}

export interface AnswerOptions {
  /** The activity's timestamp: "today", "tomorrow" are said relative to it. */
  ref: Date;
  /** The rider's IANA zone from the channel, used only to add "(… your time)". */
  riderZone?: string;
  /** How the card shows the hourly chart. */
  chart: ChartSetting;
  branch?: string;
  /** The language of the answer (default English). */
  locale?: Locale;
}

export interface Alternative {
  time: Date;
  probability: number;
}

/**
 * hourlyRisk is pure and costs a few ms: remember recent days (route, direction, Toronto day),
 * per loaded model. Keyed by the model's info object, not its version name: a model reloaded on
 * SIGHUP is a new object even when its folder kept its name, and the old one's days go with it.
 */
const dayCaches = new WeakMap<object, Map<string, HourlyRisk[]>>();
const DAY_CACHE_LIMIT = 2000;

function dayCacheOf(predictor: DelayPredictor): Map<string, HourlyRisk[]> {
  let cache = dayCaches.get(predictor.info);
  if (!cache) {
    cache = new Map();
    dayCaches.set(predictor.info, cache);
  }
  return cache;
}

/** The hourly risks of a Toronto calendar day (month 1–12; day may run past the month's end). */
function hoursOf(predictor: DelayPredictor, route: number, direction: Trip['direction'], year: number, month: number, day: number): HourlyRisk[] {
  const date = new Date(Date.UTC(year, month - 1, day)); // normalizes "December 32"
  const dayCache = dayCacheOf(predictor);
  const key = `${route}|${direction}|${date.toISOString().slice(0, 10)}`;
  let hours = dayCache.get(key);
  if (!hours) {
    // Midnight exists every day in Toronto (clocks change at 2 am).
    const midnight = fromTorontoWallClock(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    if (!midnight.ok) throw new Error(midnight.problem);
    hours = predictor.hourlyRisk(route, direction, midnight.instant);
    if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.delete(dayCache.keys().next().value as string);
    dayCache.set(key, hours);
  }
  return hours;
}

/** The 24 hours of the trip's Toronto day, and the two hours after the trip's (across midnight). */
function riskAround(predictor: DelayPredictor, trip: Trip): { day: HourlyRisk[]; ahead: HourlyRisk[]; hour: number } {
  const t = torontoParts(trip.time);
  const day = hoursOf(predictor, trip.route, trip.direction, t.year, t.month, t.day);
  const start = day.findIndex((h) => h.hour === t.hour);
  let ahead = day.slice(start + 1, start + 3);
  if (ahead.length < 2) {
    const next = hoursOf(predictor, trip.route, trip.direction, t.year, t.month, t.day + 1);
    ahead = [...ahead, ...next].slice(0, 2);
  }
  return { day, ahead, hour: t.hour };
}

/** The least risky departure in the next couple of hours, if it is clearly better. */
export function betterDeparture(predictor: DelayPredictor, trip: Trip, probability: number): Alternative | undefined {
  return bestOf(riskAround(predictor, trip).ahead, probability);
}

function bestOf(ahead: readonly HourlyRisk[], probability: number): Alternative | undefined {
  const best = ahead.reduce<HourlyRisk | undefined>((b, h) => (!b || h.probability < b.probability ? h : b), undefined);
  if (!best) return undefined;
  const margin = Math.max(0.02, probability * 0.15);
  return best.probability < probability - margin ? { time: new Date(best.time), probability: best.probability } : undefined;
}

function advice(p: Prediction, alternative: Alternative | undefined, tripTime: Date, locale: Locale): string {
  const words = botWords(locale).answer;
  if (alternative) return words.leaveInstead(clock(alternative.time, locale), percent(alternative.probability, locale));
  // Slack is worth suggesting when a delay is a real possibility, or the hour is clearly worse than usual.
  const worse = comparisonOf(p.probability, p.usualProbability);
  if (outlookOf(p.probability) !== 'on-time' || worse.kind === 'ratio' || (worse.kind === 'higher' && !worse.slightly)) {
    return words.leaveSlack(clock(tripTime, locale));
  }
  return words.noChange;
}

/** Adaptive Card colours for what the rider should expect (not for the `delayed` flag). */
const OUTLOOK_COLOR: Record<Outlook, string> = {
  'delay-very-likely': 'Attention',
  'delay-likely': 'Attention',
  'delay-possible': 'Warning',
  'on-time': 'Good',
};

/** Another active route of the same kind, to tell a network-wide hourly shape from the route's own. */
function peerOf(route: number): { route: number; direction: Trip['direction'] } | undefined {
  const kind = findRoute(route)?.kind;
  const peer = activeRoutes().find((r) => r.kind === kind && r.route !== route);
  return peer ? { route: peer.route, direction: peer.directions[0] } : undefined;
}

/** Builds the reply for one prediction: a short text line, an Adaptive Card and the JSON value. */
export function buildAnswer(predictor: DelayPredictor, trip: Trip, options: AnswerOptions): Partial<Activity> {
  const locale = options.locale ?? 'en';
  const words = botWords(locale);
  const p = predictor.predict(trip);
  const value: PredictionValue = {
    route: trip.route,
    direction: trip.direction,
    time: toTorontoIso(trip.time),
    probability: p.probability,
    delayed: p.delayed,
    ...(p.alerts ? { alerts: p.alerts } : {}), // live alerts
  };
  const label = branchRouteLabel(trip.route, options.branch);
  const direction = words.directions[trip.direction];
  const when = timeInWords(trip.time, options.ref, locale);
  const theirs = riderClock(trip.time, options.riderZone, locale);
  const whenFull = theirs ? `${when} (${theirs})` : when;
  const chance = percent(p.probability, locale);
  const odds = chanceInWords(p.probability, locale);
  const compared = comparedWithUsual(p.probability, p.usualProbability, locale);
  const outlook = outlookInWords(p.probability, locale);
  const color = OUTLOOK_COLOR[outlookOf(p.probability)];
  // The chart and "leave at … instead" use hours predicted the way this answer was (live alerts read or not).
  const calendarAround = riskAround(predictor, trip);
  const around = { ...calendarAround, day: hoursAsAnswered(predictor, trip, p, calendarAround.day), ahead: hoursAsAnswered(predictor, trip, p, calendarAround.ahead) };
  const alternative = bestOf(around.ahead, p.probability);
  const text = words.answer.line(label, direction, whenFull, chance, odds, compared, outlook);

  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: words.answer.title(label, direction), weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: capitalize(whenFull), isSubtle: true, spacing: 'None', wrap: true },
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: chance, size: 'ExtraLarge', weight: 'Bolder', color }] },
        {
          type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [
            { type: 'TextBlock', text: words.answer.chanceOfDelay(hourSpan(trip.time, locale)), wrap: true },
            { type: 'TextBlock', text: capitalize(odds), spacing: 'None', wrap: true },
            { type: 'TextBlock', text: capitalize(outlook), weight: 'Bolder', spacing: 'None', color, wrap: true },
          ],
        },
      ],
    },
    {
      type: 'FactSet',
      facts: [
        { title: words.answer.usualTitle, value: words.answer.usualValue(percent(p.usualProbability, locale)) },
        { title: words.answer.comparedTitle, value: compared },
        ...(alternative ? [{ title: words.answer.betterTitle, value: words.answer.betterValue(clock(alternative.time, locale), percent(alternative.probability, locale)) }] : []),
      ],
    },
    ...countedNoteCardElements(p, locale), // live alerts read as recent incidents: say so, or nothing
    { type: 'TextBlock', text: advice(p, alternative, trip.time, locale), wrap: true },
  ];
  body.push(...alertsCardElements(p.alerts, trip.time, locale)); // live alerts: one section, or nothing
  if (options.chart.kind !== 'off') {
    const routeKind = findRoute(trip.route)?.kind ?? 'day';
    const profile = hourProfileOf(predictor, around.day, peerOf(trip.route), trip.time);
    const image = chartElement(options.chart, trip, around.day, around.hour, p.usualProbability, { profile, routeKind, locale });
    if (image) body.push(image);
    // A linked image draws the note itself; the small inline PNG leaves it to this caption.
    if (profile === 'network' && options.chart.kind === 'inline') {
      body.push({ type: 'TextBlock', text: CHART_CATALOGUES[locale].chart.describe.network(routeKind), size: 'Small', isSubtle: true, spacing: 'None', wrap: true });
    }
  }
  // The cut this prediction was judged by (calendar-only and recent-incident answers have their own).
  body.push({ type: 'TextBlock', text: words.answer.footer(percent(thresholdFor(predictor.info, p), locale)), size: 'Small', isSubtle: true, wrap: true });
  const card = CardFactory.adaptiveCard({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', body });
  return { type: ActivityTypes.Message, text: text + alertsText(p.alerts, trip.time, locale), attachments: [card], value }; // live alerts: a sentence, or nothing
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
