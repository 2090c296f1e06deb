import { SlotEncoder, type FeatureEncoder } from '../pipeline/features';
import { findRoute } from '../pipeline/routes';
import { fromTorontoWallClock, torontoParts, toTorontoIso } from '../pipeline/toronto-time';
import type { Direction, Prediction, Trip } from '../pipeline/types';
import type { DelayPredictor, HourlyRisk, ModelInfo } from './types';

/**
 * Serving: the network is a sum of per-feature log-odds contributions, so a prediction is a few
 * array reads and one exp. The contributions come out of the loaded TensorFlow.js model and are
 * checked against model.predict when loading (see load-predictor.ts).
 */
export class ContributionPredictor implements DelayPredictor {
  private readonly slots: SlotEncoder;
  private readonly row: Int32Array;
  private readonly usualCache = new Map<string, number>();

  constructor(
    private readonly contributions: Float32Array,
    encoder: FeatureEncoder,
    readonly info: ModelInfo,
  ) {
    this.slots = new SlotEncoder(encoder);
    this.row = new Int32Array(this.slots.width);
  }

  /** Probability for a Toronto hour, weekday (0 = Monday) and month. */
  probabilityAt(route: number, direction: Direction, hour: number, weekday: number, month: number): number {
    this.slots.encodeSlot(route, direction, { hour, weekday, month }, this.row);
    let z = 0;
    for (let g = 0; g < this.row.length; g++) z += this.contributions[this.row[g]];
    return 1 / (1 + Math.exp(-z));
  }

  /** The route and direction's average over every hour of every weekday in that month. */
  usualProbability(route: number, direction: Direction, month: number): number {
    const key = `${route}${direction}${month}`;
    let usual = this.usualCache.get(key);
    if (usual === undefined) {
      let sum = 0;
      for (let weekday = 0; weekday < 7; weekday++) {
        for (let hour = 0; hour < 24; hour++) sum += this.probabilityAt(route, direction, hour, weekday, month);
      }
      usual = sum / 168;
      this.usualCache.set(key, usual);
    }
    return usual;
  }

  predict(trip: Trip): Prediction {
    const info = findRoute(trip.route);
    if (!info) throw new RangeError(`unknown route ${trip.route}`);
    const ms = trip.time.getTime();
    if (Number.isNaN(ms)) throw new RangeError('invalid trip time');
    const t = torontoParts(ms);
    const probability = this.probabilityAt(trip.route, trip.direction, t.hour, t.weekday, t.month);
    return {
      route: trip.route,
      routeName: info.name,
      direction: trip.direction,
      time: toTorontoIso(ms),
      probability,
      delayed: probability >= this.info.threshold,
      usualProbability: this.usualProbability(trip.route, trip.direction, t.month),
    };
  }

  predictBatch(trips: readonly Trip[]): Prediction[] {
    const out = new Array<Prediction>(trips.length);
    for (let i = 0; i < trips.length; i++) out[i] = this.predict(trips[i]);
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
