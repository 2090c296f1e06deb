import { findRoute } from './routes';
import { routeDirectionKey, type RouteDirection } from './slots';
import type { Direction } from './types';

/**
 * Turning a slot or a trip into model inputs: one integer index per feature group into a single
 * shared vocabulary. Training and serving both call `encodeSlot`, so they cannot drift apart.
 */

export const PIPELINE_VERSION = 'v1';

/** The feature groups the code knows. Which ones a model uses is recorded in its encoder. */
export type GroupName =
  | 'bias'
  | 'routeDirection'
  | 'hour'
  | 'weekday'
  | 'month'
  | 'hourDaytype'
  | 'routeDirectionDaypart'
  | 'routeDirectionHour'
  | 'routeDirectionDaytype';

const DAYPARTS = 6; // four-hour blocks

/** What a slot's features are computed from: the clock hour, weekday and month in Toronto. */
export interface SlotTime {
  /** 0–23 */
  hour: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  /** 1–12 */
  month: number;
}

interface SlotContext extends SlotTime {
  /** Index of the route-direction in the encoder, 0 for one never seen in training. */
  rd: number;
  night: boolean;
}

const GROUP_SIZE: Record<GroupName, (nRd: number) => number> = {
  bias: () => 1,
  routeDirection: (nRd) => nRd + 1,
  hour: () => 48,
  weekday: () => 7,
  month: () => 12,
  hourDaytype: () => 24 * 3,
  routeDirectionDaypart: (nRd) => (nRd + 1) * DAYPARTS,
  routeDirectionHour: (nRd) => (nRd + 1) * 24,
  routeDirectionDaytype: (nRd) => (nRd + 1) * 3,
};

const daytype = (weekday: number): number => (weekday < 5 ? 0 : weekday - 4);

const GROUP_INDEX: Record<GroupName, (s: SlotContext) => number> = {
  bias: () => 0,
  routeDirection: (s) => s.rd,
  // Night routes run while day routes sleep: the same clock hour means different things.
  hour: (s) => s.hour + (s.night ? 24 : 0),
  weekday: (s) => s.weekday,
  month: (s) => s.month - 1,
  hourDaytype: (s) => s.hour * 3 + daytype(s.weekday),
  routeDirectionDaypart: (s) => s.rd * DAYPARTS + Math.floor(s.hour / 4),
  // Some routes run only at rush hour (503, 508) or only at night: hour effects differ by route.
  routeDirectionHour: (s) => s.rd * 24 + s.hour,
  routeDirectionDaytype: (s) => s.rd * 3 + daytype(s.weekday),
};

/** The fitted pipeline artifact, saved as pipelines/<version>/encoder.json. */
export interface FeatureEncoder {
  pipelineVersion: string;
  routeTableVersion: number;
  /** Route-direction keys such as "504e", in index order starting at 1 (0 = unseen). */
  routeDirections: string[];
  groups: { name: GroupName; offset: number; size: number }[];
  vocabularySize: number;
}

export function fitEncoder(routeDirections: readonly RouteDirection[], groupNames: readonly GroupName[], routeTableVersion: number): FeatureEncoder {
  const nRd = routeDirections.length;
  let offset = 0;
  const groups = groupNames.map((name) => {
    const size = GROUP_SIZE[name](nRd);
    const g = { name, offset, size };
    offset += size;
    return g;
  });
  return {
    pipelineVersion: PIPELINE_VERSION,
    routeTableVersion,
    routeDirections: routeDirections.map((rd) => routeDirectionKey(rd.route, rd.direction)),
    groups,
    vocabularySize: offset,
  };
}

/** A fast lookup built once from an encoder. */
export class SlotEncoder {
  private readonly rdIndex: Map<string, number>;
  private readonly indexers: ((s: SlotContext) => number)[];
  private readonly offsets: number[];
  readonly width: number;

  constructor(readonly encoder: FeatureEncoder) {
    this.rdIndex = new Map(encoder.routeDirections.map((key, i) => [key, i + 1]));
    this.indexers = encoder.groups.map((g) => GROUP_INDEX[g.name]);
    this.offsets = encoder.groups.map((g) => g.offset);
    this.width = encoder.groups.length;
  }

  /** 0 when the route-direction was never seen in training: it then gets the network average. */
  routeDirectionIndex(route: number, direction: Direction): number {
    return this.rdIndex.get(routeDirectionKey(route, direction)) ?? 0;
  }

  /** Writes the slot's vocabulary indices into `out` at `at` (width entries). */
  encodeSlot(route: number, direction: Direction, time: SlotTime, out: Int32Array, at = 0): void {
    const ctx: SlotContext = {
      rd: this.routeDirectionIndex(route, direction),
      night: findRoute(route)?.kind === 'night',
      hour: time.hour,
      weekday: time.weekday,
      month: time.month,
    };
    for (let g = 0; g < this.width; g++) out[at + g] = this.offsets[g] + this.indexers[g](ctx);
  }
}
