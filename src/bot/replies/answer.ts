import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { DelayPredictor, HourlyRisk } from '../../model/types';
import { routeLabel } from '../../pipeline/routes';
import { fromTorontoWallClock, torontoParts, toTorontoIso } from '../../pipeline/toronto-time';
import { DIRECTION_WORDS, type Prediction, type Trip } from '../../pipeline/types';
import { alertsCardElements, alertsText } from '../../live/render'; // live alerts
import type { PredictionAlert } from '../../pipeline/types'; // live alerts
import { chartElement, type ChartSetting } from './chart-image';
import { clock, comparedWithUsual, hourSpan, percent, riderClock, timeInWords } from './words';

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
}

export interface Alternative {
  time: Date;
  probability: number;
}

/** hourlyRisk is pure and costs a few ms: remember recent days (route, direction, Toronto day). */
const dayCache = new Map<string, HourlyRisk[]>();
const DAY_CACHE_LIMIT = 2000;

/** The hourly risks of a Toronto calendar day (month 1–12; day may run past the month's end). */
function hoursOf(predictor: DelayPredictor, route: number, direction: Trip['direction'], year: number, month: number, day: number): HourlyRisk[] {
  const date = new Date(Date.UTC(year, month - 1, day)); // normalizes "December 32"
  const key = `${predictor.info.version}|${route}|${direction}|${date.toISOString().slice(0, 10)}`;
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

function advice(p: Prediction, alternative: Alternative | undefined, tripTime: Date): string {
  if (alternative) {
    const at = clock(alternative.time);
    return `Leaving around ${at} instead would lower the risk to ${percent(alternative.probability)}.`;
  }
  if (p.delayed) return `No hour in the next couple is clearly better: leave some slack, or check TTC service alerts before ${clock(tripTime)}.`;
  return 'No need to change plans: the next couple of hours are no better.';
}

/** Builds the reply for one prediction: a short text line, an Adaptive Card and the JSON value. */
export function buildAnswer(predictor: DelayPredictor, trip: Trip, options: AnswerOptions): Partial<Activity> {
  const p = predictor.predict(trip);
  const value: PredictionValue = {
    route: trip.route,
    direction: trip.direction,
    time: toTorontoIso(trip.time),
    probability: p.probability,
    delayed: p.delayed,
    ...(p.alerts ? { alerts: p.alerts } : {}), // live alerts
  };
  const label = options.branch ? `${options.branch} ${routeLabel(trip.route).split(' ').slice(1).join(' ')}` : routeLabel(trip.route);
  const direction = DIRECTION_WORDS[trip.direction];
  const when = timeInWords(trip.time, options.ref);
  const theirs = riderClock(trip.time, options.riderZone);
  const whenFull = theirs ? `${when} (${theirs})` : when;
  const verdict = p.delayed ? 'a delay is likely' : 'likely on time';
  const around = riskAround(predictor, trip);
  const alternative = bestOf(around.ahead, p.probability);
  const text = `${label} ${direction}, ${whenFull}: ${percent(p.probability)} chance of a reported delay (${comparedWithUsual(p.probability, p.usualProbability)}), ${verdict}.`;

  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: `${label} · ${direction}`, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: capitalize(whenFull), isSubtle: true, spacing: 'None', wrap: true },
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: percent(p.probability), size: 'ExtraLarge', weight: 'Bolder', color: p.delayed ? 'Attention' : 'Good' }] },
        {
          type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [
            { type: 'TextBlock', text: `chance of a reported delay, ${hourSpan(trip.time)}`, wrap: true },
            { type: 'TextBlock', text: capitalize(verdict), weight: 'Bolder', spacing: 'None', color: p.delayed ? 'Attention' : 'Good' },
          ],
        },
      ],
    },
    {
      type: 'FactSet',
      facts: [
        { title: 'Usual', value: `${percent(p.usualProbability)} for this route and direction` },
        { title: 'Compared', value: comparedWithUsual(p.probability, p.usualProbability) },
        ...(alternative ? [{ title: 'Better', value: `${clock(alternative.time)} (${percent(alternative.probability)})` }] : []),
      ],
    },
    { type: 'TextBlock', text: advice(p, alternative, trip.time), wrap: true },
  ];
  body.push(...alertsCardElements(p.alerts, trip.time)); // live alerts: one section, or nothing
  const image = chartElement(options.chart, trip, around.day, around.hour, p.usualProbability);
  if (image) body.push(image);
  body.push({ type: 'TextBlock', text: 'From TTC delay logs; a forecast, not a promise.', size: 'Small', isSubtle: true, wrap: true });
  const card = CardFactory.adaptiveCard({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', body });
  return { type: ActivityTypes.Message, text: text + alertsText(p.alerts, trip.time), attachments: [card], value }; // live alerts: a sentence, or nothing
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
