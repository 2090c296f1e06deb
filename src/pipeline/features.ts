import { findRoute } from './routes';
import type { RecentIncidents } from './recent';
import { routeDirectionKey, type RouteDirection } from './slots';
import type { Direction } from './types';

/**
 * Turning a slot or a trip into model inputs: one integer index per feature group into a single
 * shared vocabulary. Training and serving both call `encodeSlot`, so they cannot drift apart.
 */

export const PIPELINE_VERSION = 'v2';
/** Encoders this code reads: v1 (calendar only) encodes exactly as it did. */
export const READABLE_PIPELINE_VERSIONS: readonly string[] = ['v1', 'v2'];

/** Calendar groups: functions of the route-direction, clock hour, weekday and month. */
export type CalendarGroupName =
  | 'bias'
  | 'routeDirection'
  | 'hour'
  | 'weekday'
  | 'month'
  | 'hourDaytype'
  | 'routeDirectionDaypart'
  | 'routeDirectionHour'
  | 'routeDirectionDaytype';

/**
 * Recent-incident groups. Each is one window and one side (incidents going the trip's way or both
 * ways / any other way), as disjoint parts: the last hour; the two hours before it; earlier
 * today before those three hours; the whole previous day; the seven days before today.
 */
export type RecentGroupName =
  | 'recentLastHourSame'
  | 'recentLastHourOther'
  | 'recentPrev2HoursSame'
  | 'recentPrev2HoursOther'
  | 'recentEarlierTodaySame'
  | 'recentEarlierTodayOther'
  | 'recentDayBeforeSame'
  | 'recentDayBeforeOther'
  | 'recentLast7DaysSame'
  | 'recentLast7DaysOther';

/**
 * Calendar groups that differ by what is known of recent incidents: the route-direction and hour
 * effects of the calendar-only path ("unknown"), of the path with recent inputs, and of the path
 * with only the last three hours known (a live source: recent.ts lastHoursOnly), so each path
 * keeps its own route and hour levels (the recent counts explain part of them, and how much
 * depends on which windows are known). An encoder written with two states (before the third
 * existed) reads the last-three-hours state as the path with recent inputs.
 */
export type KnownGroupName = 'routeDirectionByRecentKnown' | 'hourByRecentKnown';

export type GroupName = CalendarGroupName | RecentGroupName | KnownGroupName;

const DAYPARTS = 6; // four-hour blocks

/** What a slot's features are computed from: the clock hour, weekday and month in Toronto. */
export interface SlotTime {
  /** 0–23 */
  hour: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  /** 1–12 */
  month: number;
  /** What happened on the route before this hour; absent = unknown (calendar-only). */
  recent?: RecentIncidents;
}

interface SlotContext extends SlotTime {
  /** Index of the route-direction in the encoder, 0 for one never seen in training. */
  rd: number;
  night: boolean;
}

const CALENDAR_SIZE: Record<CalendarGroupName, (nRd: number) => number> = {
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
// Night routes run while day routes sleep: the same clock hour means different things.
const hourValue = (s: SlotContext): number => s.hour + (s.night ? 24 : 0);

const CALENDAR_INDEX: Record<CalendarGroupName, (s: SlotContext) => number> = {
  bias: () => 0,
  routeDirection: (s) => s.rd,
  hour: hourValue,
  weekday: (s) => s.weekday,
  month: (s) => s.month - 1,
  hourDaytype: (s) => s.hour * 3 + daytype(s.weekday),
  routeDirectionDaypart: (s) => s.rd * DAYPARTS + Math.floor(s.hour / 4),
  // Some routes run only at rush hour (503, 508) or only at night: hour effects differ by route.
  routeDirectionHour: (s) => s.rd * 24 + s.hour,
  routeDirectionDaytype: (s) => s.rd * 3 + daytype(s.weekday),
};

/** 0 = nothing known (calendar-only), 1 = recent inputs, 2 = only the last hour and the last three hours. */
const KNOWN_STATES = 3;
function knownState(recent: RecentIncidents | undefined, states: number): number {
  if (!recent) return 0;
  const lastHoursOnly = !recent.earlierToday && !recent.dayBefore && !recent.last7Days;
  return lastHoursOnly && states > 2 ? 2 : 1;
}

/** Values before the state: route-directions (with index 0, unseen) or hours (day and night). */
const KNOWN_BASE: Record<KnownGroupName, (nRd: number) => number> = {
  routeDirectionByRecentKnown: (nRd) => nRd + 1,
  hourByRecentKnown: () => 48,
};

const KNOWN_INDEX: Record<KnownGroupName, (s: SlotContext, states: number) => number> = {
  routeDirectionByRecentKnown: (s, states) => s.rd * states + knownState(s.recent, states),
  hourByRecentKnown: (s, states) => hourValue(s) * states + knownState(s.recent, states),
};

type Side = 'same' | 'other';

/** The count a recent group buckets, or undefined when its window is unknown. */
const RECENT_VALUE: Record<RecentGroupName, (r: RecentIncidents) => number | undefined> = {
  recentLastHourSame: (r) => r.lastHour?.same,
  recentLastHourOther: (r) => r.lastHour?.other,
  recentPrev2HoursSame: (r) => minus(r, 'last3Hours', 'lastHour', 'same'),
  recentPrev2HoursOther: (r) => minus(r, 'last3Hours', 'lastHour', 'other'),
  recentEarlierTodaySame: (r) => minus(r, 'earlierToday', 'last3Hours', 'same'),
  recentEarlierTodayOther: (r) => minus(r, 'earlierToday', 'last3Hours', 'other'),
  recentDayBeforeSame: (r) => r.dayBefore?.same,
  recentDayBeforeOther: (r) => r.dayBefore?.other,
  recentLast7DaysSame: (r) => r.last7Days?.same,
  recentLast7DaysOther: (r) => r.last7Days?.other,
};

/**
 * The part of window `a` outside the shorter window `b`. Before 03:00 "the last three hours"
 * reaches into yesterday and holds all of today's hours, so the difference is 0 there: clamped.
 */
function minus(r: RecentIncidents, a: 'last3Hours' | 'earlierToday', b: 'lastHour' | 'last3Hours', side: Side): number | undefined {
  const x = r[a];
  const y = r[b];
  if (!x || !y) return undefined;
  return Math.max(0, x[side] - y[side]);
}

/** Bucket edges: a count c falls in bucket i when edges[i-1] <= c < edges[i]; the last bucket is "unknown". */
export const DEFAULT_RECENT_EDGES: Record<RecentGroupName, number[]> = {
  recentLastHourSame: [1, 2],
  recentLastHourOther: [1, 2],
  recentPrev2HoursSame: [1, 2],
  recentPrev2HoursOther: [1, 2],
  recentEarlierTodaySame: [1, 2, 3, 5],
  recentEarlierTodayOther: [1, 2, 3, 5],
  recentDayBeforeSame: [1, 2, 3, 5, 8],
  recentDayBeforeOther: [1, 2, 3, 5, 8],
  recentLast7DaysSame: [1, 3, 5, 8, 12, 18, 25, 35],
  recentLast7DaysOther: [1, 3, 5, 8, 12, 18, 25, 35],
};

export const isRecentGroup = (name: GroupName): name is RecentGroupName => name in RECENT_VALUE;
/** Whether a name (from a command line, a file) is one of the groups this pipeline encodes. */
export const isGroupName = (name: string): name is GroupName => name in CALENDAR_SIZE || name in RECENT_VALUE || name in KNOWN_INDEX;
const isKnownGroup = (name: GroupName): name is KnownGroupName => name in KNOWN_INDEX;

/** Whether an encoder's model reads recent incidents (false for a v1, calendar-only encoder). */
export const readsRecent = (encoder: FeatureEncoder): boolean => encoder.groups.some((g) => isRecentGroup(g.name) || isKnownGroup(g.name));

/** 'route' when each route-direction has its own shape over the day (route×hour effects), else one network-wide shape. */
export const hourProfileOf = (encoder: FeatureEncoder): 'route' | 'network' => (encoder.groups.some((g) => g.name === 'routeDirectionHour') ? 'route' : 'network');

/** One group's block of the vocabulary. */
export interface EncoderGroup {
  name: GroupName;
  offset: number;
  size: number;
  /** Recent groups: bucket edges (the last index of the block is "unknown"). */
  edges?: number[];
}

/** The fitted pipeline artifact, saved as pipelines/<version>/encoder.json. */
export interface FeatureEncoder {
  pipelineVersion: string;
  routeTableVersion: number;
  /** Route-direction keys such as "504e", in index order starting at 1 (0 = unseen). */
  routeDirections: string[];
  groups: EncoderGroup[];
  vocabularySize: number;
}

export function fitEncoder(
  routeDirections: readonly RouteDirection[],
  groupNames: readonly GroupName[],
  routeTableVersion: number,
  edges: Partial<Record<RecentGroupName, number[]>> = {},
): FeatureEncoder {
  const nRd = routeDirections.length;
  let offset = 0;
  const groups = groupNames.map((name): EncoderGroup => {
    let g: EncoderGroup;
    if (isRecentGroup(name)) {
      const e = [...(edges[name] ?? DEFAULT_RECENT_EDGES[name])];
      g = { name, offset, size: e.length + 2, edges: e };
    } else if (isKnownGroup(name)) {
      g = { name, offset, size: KNOWN_BASE[name](nRd) * KNOWN_STATES };
    } else {
      g = { name, offset, size: CALENDAR_SIZE[name](nRd) };
    }
    offset += g.size;
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

function bucketIndexer(name: RecentGroupName, edges: readonly number[]): (s: SlotContext) => number {
  const value = RECENT_VALUE[name];
  const unknown = edges.length + 1;
  return (s) => {
    if (!s.recent) return unknown;
    const c = value(s.recent);
    if (c === undefined) return unknown;
    let b = 0;
    while (b < edges.length && c >= edges[b]) b++;
    return b;
  };
}

/** A fast lookup built once from an encoder. */
export class SlotEncoder {
  private readonly rdIndex: Map<string, number>;
  private readonly indexers: ((s: SlotContext) => number)[];
  private readonly offsets: number[];
  readonly width: number;
  /** Whether any group reads recent incidents (false for a v1, calendar-only encoder). */
  readonly usesRecent: boolean;
  /** Positions (in a row) of the groups that read recent incidents or their known/unknown state. */
  readonly recentPositions: number[];

  constructor(readonly encoder: FeatureEncoder) {
    this.rdIndex = new Map(encoder.routeDirections.map((key, i) => [key, i + 1]));
    this.indexers = encoder.groups.map((g) => {
      if (isRecentGroup(g.name)) return bucketIndexer(g.name, g.edges ?? DEFAULT_RECENT_EDGES[g.name]);
      if (isKnownGroup(g.name)) {
        const name = g.name;
        // 2 in encoders written before the last-three-hours state, 3 since.
        const states = g.size / KNOWN_BASE[name](encoder.routeDirections.length);
        if (states !== 2 && states !== 3) throw new Error(`feature group ${name} has ${g.size} values, not 2 or 3 per ${name === 'hourByRecentKnown' ? 'hour' : 'route-direction'}`);
        return (s: SlotContext) => KNOWN_INDEX[name](s, states);
      }
      const indexer = CALENDAR_INDEX[g.name as CalendarGroupName];
      if (!indexer) throw new Error(`unknown feature group ${g.name}`);
      return indexer;
    });
    this.offsets = encoder.groups.map((g) => g.offset);
    this.width = encoder.groups.length;
    this.recentPositions = encoder.groups.flatMap((g, i) => (isRecentGroup(g.name) || isKnownGroup(g.name) ? [i] : []));
    this.usesRecent = readsRecent(encoder);
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
      recent: time.recent,
    };
    for (let g = 0; g < this.width; g++) out[at + g] = this.offsets[g] + this.indexers[g](ctx);
  }
}
