import table from './route-table.json';
import type { Direction } from './types';

/** One streetcar route as riders and the model know it. */
export interface RouteInfo {
  route: number;
  name: string;
  kind: 'day' | 'night';
  status: 'active' | 'retired';
  /** The two directions the route runs end to end. */
  directions: Direction[];
  branches?: string[];
  /** Lower-case names and nicknames riders use. */
  aliases: string[];
  /** Lower-case terminal or landmark names per direction ("towards Broadview"). */
  towards: Partial<Record<Direction, string[]>>;
  replacedBy?: string;
}

export const ROUTE_TABLE_VERSION: number = table.version;
export const ROUTES: readonly RouteInfo[] = table.routes as RouteInfo[];
const byNumber = new Map(ROUTES.map((r) => [r.route, r]));

export function findRoute(route: number): RouteInfo | undefined {
  return byNumber.get(route);
}

/** Active routes only: the ones a rider can ask about. */
export function activeRoutes(): RouteInfo[] {
  return ROUTES.filter((r) => r.status === 'active');
}

export function runsIn(route: number, direction: Direction): boolean {
  return byNumber.get(route)?.directions.includes(direction) ?? false;
}

/** A short label such as "504 King". */
export function routeLabel(route: number): string {
  const info = byNumber.get(route);
  return info ? `${info.route} ${info.name}` : String(route);
}

/** The label with a branch the rider named in place of the route number: "504A King". */
export function branchRouteLabel(route: number, branch?: string): string {
  return branch ? `${branch} ${routeLabel(route).split(' ').slice(1).join(' ')}` : routeLabel(route);
}
