import { SlotEncoder, type FeatureEncoder, type SlotTime } from '../pipeline/features';
import type { RecentIncidents } from '../pipeline/recent';
import { findRoute } from '../pipeline/routes';
import { fromTorontoWallClock, torontoParts, toTorontoIso } from '../pipeline/toronto-time';
import type { Direction, Prediction, Trip } from '../pipeline/types';
import { thresholdFor, type DelayPredictor, type HourlyRisk, type ModelInfo } from './types';

/** The recent-incident windows a Prediction reports back (the seven days stay a model input only). */
const SHOWN_WINDOWS = ['lastHour', 'last3Hours', 'earlierToday', 'dayBefore'] as const satisfies readonly (keyof NonNullable<Prediction['recentIncidents']>)[];

/**
 * Serving: the network is a sum of per-feature log-odds contributions, so a prediction is a few
 * array reads and one exp. The contributions come out of the loaded TensorFlow.js model and are
 * checked against model.predict when loading (see load-predictor.ts). Calendar-only
 * probabilities are cached per (route, direction, hour, weekday, month); with recent incidents
 * the slot is encoded and summed each time (about 20 lookups).
 */
const DIRECTION_NUMBER: Record<Direction, number> = { e: 0, w: 1, n: 2, s: 3 };

/** What the predictor remembers per route and direction, filled on first use. */
interface RouteDirectionCache {
  routeName: string;
  /** Probability by (hour, weekday, month); NaN until computed. */
  probability: Float64Array;
  /** The usual probability by month; NaN until computed. */
  usual: Float64Array;
}

export class ContributionPredictor implements DelayPredictor {
  private readonly slots: SlotEncoder;
  private readonly row: Int32Array;
  private readonly cache = new Map<number, RouteDirectionCache>();

  constructor(
    private readonly contributions: Float32Array,
    encoder: FeatureEncoder,
    readonly info: ModelInfo,
  ) {
    this.slots = new SlotEncoder(encoder);
    this.row = new Int32Array(this.slots.width);
  }

  private entry(route: number, direction: Direction): RouteDirectionCache {
    const key = route * 4 + DIRECTION_NUMBER[direction];
    let entry = this.cache.get(key);
    if (!entry) {
      const info = findRoute(route);
      if (!info) throw new RangeError(`unknown route ${route}`);
      entry = { routeName: info.name, probability: new Float64Array(24 * 7 * 12).fill(NaN), usual: new Float64Array(12).fill(NaN) };
      this.cache.set(key, entry);
    }
    return entry;
  }

  /** The model inputs of a slot, as the network takes them (for the load-time agreement check). */
  encode(route: number, direction: Direction, time: SlotTime, out: Int32Array, at = 0): void {
    this.slots.encodeSlot(route, direction, time, out, at);
  }

  get inputWidth(): number {
    return this.slots.width;
  }

  /** Probability for a Toronto hour, weekday (0 = Monday) and month. */
  probabilityAt(route: number, direction: Direction, hour: number, weekday: number, month: number): number {
    const table = this.entry(route, direction).probability;
    const at = (hour * 7 + weekday) * 12 + month - 1;
    let p = table[at];
    if (p !== p) {
      p = this.probabilityOf(route, direction, { hour, weekday, month });
      table[at] = p;
    }
    return p;
  }

  /** Probability of a slot with whatever it carries (recent incidents or not); uncached: the network's arithmetic, the sum of the slot's contributions through a sigmoid. */
  probabilityOf(route: number, direction: Direction, time: SlotTime): number {
    this.slots.encodeSlot(route, direction, time, this.row);
    let z = 0;
    for (let g = 0; g < this.row.length; g++) z += this.contributions[this.row[g]];
    return 1 / (1 + Math.exp(-z));
  }

  /** Whether the model reads recent incidents at all (a v1 model does not). */
  get usesRecent(): boolean {
    return this.slots.usesRecent;
  }

  /** The route and direction's average over every hour of every weekday in that month. */
  usualProbability(route: number, direction: Direction, month: number): number {
    const usual = this.entry(route, direction).usual;
    if (usual[month - 1] !== usual[month - 1]) {
      let sum = 0;
      for (let weekday = 0; weekday < 7; weekday++) {
        for (let hour = 0; hour < 24; hour++) sum += this.probabilityAt(route, direction, hour, weekday, month);
      }
      usual[month - 1] = sum / 168;
    }
    return usual[month - 1];
  }

  predict(trip: Trip, recent?: RecentIncidents): Prediction {
    const ms = trip.time.getTime();
    if (Number.isNaN(ms)) throw new RangeError('invalid trip time');
    const entry = this.entry(trip.route, trip.direction);
    const t = torontoParts(ms);
    const withRecent = recent !== undefined && this.slots.usesRecent;
    const probability = withRecent
      ? this.probabilityOf(trip.route, trip.direction, { hour: t.hour, weekday: t.weekday, month: t.month, recent })
      : this.probabilityAt(trip.route, trip.direction, t.hour, t.weekday, t.month);
    const prediction: Prediction = {
      route: trip.route,
      routeName: entry.routeName,
      direction: trip.direction,
      time: toTorontoIso(ms),
      probability,
      delayed: false,
      usualProbability: this.usualProbability(trip.route, trip.direction, t.month),
    };
    if (withRecent) {
      const seen: NonNullable<Prediction['recentIncidents']> = {};
      for (const window of SHOWN_WINDOWS) {
        const counts = recent[window];
        if (counts) seen[window] = { same: counts.same, other: counts.other };
      }
      prediction.recentIncidents = seen;
    }
    prediction.delayed = probability >= thresholdFor(this.info, prediction);
    return prediction;
  }

  predictBatch(trips: readonly Trip[], recent?: readonly (RecentIncidents | undefined)[]): Prediction[] {
    const out = new Array<Prediction>(trips.length);
    for (let i = 0; i < trips.length; i++) out[i] = this.predict(trips[i], recent?.[i]);
    return out;
  }

  hourlyRisk(route: number, direction: Direction, day: Date): HourlyRisk[] {
    const d = torontoParts(day);
    const hours: HourlyRisk[] = [];
    for (let hour = 0; hour < 24; hour++) {
      // The hour clocks skip in spring has no instant: label it by the next one.
      let start = fromTorontoWallClock(d.year, d.month, d.day, hour);
      if (!start.ok) start = fromTorontoWallClock(d.year, d.month, d.day, hour + 1);
      const instant = start.ok ? start.instant : day;
      hours.push({ hour, time: toTorontoIso(instant), probability: this.probabilityAt(route, direction, hour, d.weekday, d.month) });
    }
    return hours;
  }
}
