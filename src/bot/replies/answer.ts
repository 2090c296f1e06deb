import { DateTime } from 'luxon';
import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import { describeRiskChart, renderRiskChartDataUri } from '../../chart/risk-chart';
import type { DelayPredictor, HourlyRisk } from '../../model/types';
import { routeLabel } from '../../pipeline/routes';
import { TORONTO, toTorontoIso } from '../../pipeline/toronto-time';
import { DIRECTION_WORDS, type Prediction, type Trip } from '../../pipeline/types';
import { clock, comparedWithUsual, hourSpan, percent, riderClock, timeInWords } from './words';

/** The JSON every prediction reply carries in `value`, for Direct Line clients and tests. */
export interface PredictionValue {
  route: number;
  direction: Trip['direction'];
  /** The resolved trip time, ISO 8601 with the Toronto offset. */
  time: string;
  probability: number;
  delayed: boolean;
}

export interface AnswerOptions {
  /** The activity's timestamp: "today", "tomorrow" are said relative to it. */
  ref: Date;
  /** The rider's IANA zone from the channel, used only to add "(… your time)". */
  riderZone?: string;
  /** Draw the hourly chart into the card (a PNG data: URI). */
  chart: boolean;
  branch?: string;
}

export interface Alternative {
  time: Date;
  probability: number;
}

/** Hours from the trip's hour to two hours later, across midnight if need be. */
function nextHours(predictor: DelayPredictor, trip: Trip): { day: HourlyRisk[]; ahead: HourlyRisk[] } {
  const t = DateTime.fromJSDate(trip.time, { zone: TORONTO });
  const day = predictor.hourlyRisk(trip.route, trip.direction, trip.time);
  const start = day.findIndex((h) => h.hour === t.hour);
  let ahead = day.slice(start + 1, start + 3);
  if (ahead.length < 2) {
    const tomorrow = predictor.hourlyRisk(trip.route, trip.direction, t.plus({ days: 1 }).toJSDate());
    ahead = [...ahead, ...tomorrow].slice(0, 2);
  }
  return { day, ahead };
}

/** The least risky departure in the next couple of hours, if it is clearly better. */
export function betterDeparture(predictor: DelayPredictor, trip: Trip, probability: number): Alternative | undefined {
  const { ahead } = nextHours(predictor, trip);
  const best = ahead.reduce<HourlyRisk | undefined>((b, h) => (!b || h.probability < b.probability ? h : b), undefined);
  if (!best) return undefined;
  const margin = Math.max(0.02, probability * 0.15);
  return best.probability < probability - margin ? { time: new Date(best.time), probability: best.probability } : undefined;
}

function advice(p: Prediction, alternative: Alternative | undefined, tripTime: Date): string {
  if (alternative) {
    const at = clock(DateTime.fromJSDate(alternative.time, { zone: TORONTO }));
    return `Leaving around ${at} instead would lower the risk to ${percent(alternative.probability)}.`;
  }
  if (p.delayed) return `No hour in the next couple is clearly better: leave some slack, or check TTC service alerts before ${clock(DateTime.fromJSDate(tripTime, { zone: TORONTO }))}.`;
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
  };
  const label = options.branch ? `${options.branch} ${routeLabel(trip.route).split(' ').slice(1).join(' ')}` : routeLabel(trip.route);
  const direction = DIRECTION_WORDS[trip.direction];
  const when = timeInWords(trip.time, options.ref);
  const theirs = riderClock(trip.time, options.riderZone);
  const whenFull = theirs ? `${when} (${theirs})` : when;
  const verdict = p.delayed ? 'a delay is likely' : 'likely on time';
  const alternative = betterDeparture(predictor, trip, p.probability);
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
        ...(alternative ? [{ title: 'Better', value: `${clock(DateTime.fromJSDate(alternative.time, { zone: TORONTO }))} (${percent(alternative.probability)})` }] : []),
      ],
    },
    { type: 'TextBlock', text: advice(p, alternative, trip.time), wrap: true },
  ];
  if (options.chart) {
    const day = predictor.hourlyRisk(trip.route, trip.direction, trip.time);
    const hour = DateTime.fromJSDate(trip.time, { zone: TORONTO }).hour;
    body.push({
      type: 'Image',
      url: renderRiskChartDataUri(day, hour, p.usualProbability, { scale: 1 }),
      altText: describeRiskChart(day, hour, p.usualProbability),
      size: 'Stretch',
    });
  }
  body.push({ type: 'TextBlock', text: 'From TTC delay logs; a forecast, not a promise.', size: 'Small', isSubtle: true, wrap: true });
  const card = CardFactory.adaptiveCard({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', body });
  return { type: ActivityTypes.Message, text, attachments: [card], value };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
