import type { DelayEvent } from './clean';
import { dayNumber } from './calendar';
import { activeRoutes } from './routes';
import type { Direction } from './types';

/**
 * The question the model answers, as data: one slot per (route, direction, Toronto date, clock
 * hour), positive when the log has an event on that route with Min Delay > 0 going that way or
 * both ways in that hour.
 */

export interface RouteDirection {
  route: number;
  direction: Direction;
}

export const routeDirectionKey = (route: number, direction: Direction): string => `${route}${direction}`;

/** Every (route, direction) the bot accepts: the active routes' two directions each. */
export function modelRouteDirections(): RouteDirection[] {
  return activeRoutes().flatMap((r) => r.directions.map((direction) => ({ route: r.route, direction })));
}

export interface SlotTable {
  routeDirections: RouteDirection[];
  firstDay: number;
  /** Number of days covered, from firstDay. */
  days: number;
  /**
   * labels[(rd * days + day) * 24 + hour]: 1 positive, 0 negative, 255 outside the route's
   * service span (before the first day with any logged event on that route).
   */
  labels: Uint8Array;
}

export const OUT_OF_SPAN = 255;

/** Labels every slot from the first to the last date in the events. */
export function buildSlots(events: readonly DelayEvent[], routeDirections = modelRouteDirections()): SlotTable {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const e of events) {
    const d = dayNumber(e.date);
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  if (!Number.isFinite(firstDay)) throw new Error('No events to build slots from');
  const days = lastDay - firstDay + 1;
  const index = new Map(routeDirections.map((rd, i) => [routeDirectionKey(rd.route, rd.direction), i]));
  const routeFirst = new Map<number, number>();
  for (const e of events) {
    const d = dayNumber(e.date);
    if (d < (routeFirst.get(e.route) ?? Infinity)) routeFirst.set(e.route, d);
  }
  const serviceStart = routeDirections.map((rd) => routeFirst.get(rd.route) ?? lastDay + 1);
  const labels = new Uint8Array(routeDirections.length * days * 24);
  routeDirections.forEach((_, rd) => {
    const outside = Math.max(0, serviceStart[rd] - firstDay);
    labels.fill(OUT_OF_SPAN, rd * days * 24, (rd * days + Math.min(outside, days)) * 24);
  });
  for (const e of events) {
    if (e.minDelay <= 0) continue;
    const day = dayNumber(e.date) - firstDay;
    const targets: Direction[] = e.direction === 'b' ? ['e', 'w', 'n', 's'] : [e.direction];
    for (const direction of targets) {
      const rd = index.get(routeDirectionKey(e.route, direction));
      if (rd === undefined) continue;
      const at = (rd * days + day) * 24 + e.hour;
      if (labels[at] !== OUT_OF_SPAN) labels[at] = 1;
    }
  }
  return { routeDirections, firstDay, days, labels };
}
