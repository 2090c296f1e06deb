import { findRoute, routeLabel } from '../pipeline/routes';
import { DIRECTION_WORDS, type Direction, type Trip } from '../pipeline/types';
import { say } from './replies/messages';
import type { LocalDate, Understanding } from './understand';
import { findLine } from './understand/transit';

/** What the rider has told us so far. Plain JSON: it lives in dialog state (memory or blob). */
export interface TripDraft {
  route?: number;
  branch?: string;
  direction?: Direction;
  /** The resolved trip instant, ISO 8601 UTC. */
  time?: string;
  /** A day named without a clock time: the next question asks for the time on that day. */
  day?: LocalDate;
  /** "towards Broadview" said before the route was known: place → direction per route. */
  towards?: { place: string; byRoute: Record<string, Direction>; from: boolean };
  /** Routes offered when a message named two ("504 or 501?"). */
  routeChoices?: number[];
  /** Directions offered when a message named two. */
  directionChoices?: Direction[];
}

/** A value the rider had given and has now changed ("actually westbound"). */
export type Change =
  | { slot: 'route'; route: number }
  | { slot: 'direction'; direction: Direction }
  | { slot: 'time'; time: string };

export interface MergeResult {
  draft: TripDraft;
  /** Things to tell the rider before the next question: corrections and refusals. */
  notes: string[];
  /** What the message changed of what the rider had said before, in the order of the slots. */
  changes: Change[];
}

function otherDirection(route: number, dir: Direction): Direction | undefined {
  return findRoute(route)?.directions.find((d) => d !== dir);
}

function runs(route: number): string {
  const dirs = findRoute(route)?.directions ?? [];
  return dirs.map((d) => DIRECTION_WORDS[d].replace('bound', '')).join(' and ');
}

function resolveTowards(draft: TripDraft, notes: string[]): void {
  if (!draft.towards || draft.route === undefined) return;
  const dir = draft.towards.byRoute[String(draft.route)];
  if (dir) {
    draft.direction = draft.towards.from ? otherDirection(draft.route, dir) : dir;
  } else if (draft.direction === undefined) {
    notes.push(say.notSureWhichWay(titleCase(draft.towards.place), routeLabel(draft.route)));
  }
  delete draft.towards;
}

export function titleCase(words: string): string {
  return words.replace(/(^|\s)(\p{L})/gu, (_, space: string, c: string) => space + c.toUpperCase());
}

/**
 * Merges one message into the draft. Later words win ("actually westbound"); words that cannot
 * be used (a direction the route does not run, a past time) leave the slot empty and add a note.
 * Notes never quote the rider's text: only values the bot itself recognised.
 */
export function mergeUnderstanding(previous: TripDraft, u: Understanding): MergeResult {
  const draft: TripDraft = { ...previous };
  delete draft.routeChoices;
  delete draft.directionChoices;
  const notes: string[] = [];

  // Not a streetcar (a bus, the subway, no such route, a retired one): the route is asked again
  // rather than kept from before, so the answer is never about a route the rider moved away from.
  if (u.route.kind === 'bus' || u.route.kind === 'subway' || u.route.kind === 'unknown' || u.route.kind === 'retired') {
    delete draft.route;
    delete draft.branch;
  }
  switch (u.route.kind) {
    case 'route':
      if (draft.route !== u.route.route) {
        draft.route = u.route.route;
        // A direction meant for another route is dropped when the new route does not run it.
        const next = findRoute(draft.route);
        if (draft.direction && next && !next.directions.includes(draft.direction)) {
          if (u.direction.kind === 'none') notes.push(say.runsNot(next.route, next.name, runs(next.route), DIRECTION_WORDS[draft.direction].replace('bound', '')));
          delete draft.direction;
        }
      }
      if (u.route.branch) draft.branch = u.route.branch;
      else if (draft.branch && !draft.branch.startsWith(String(draft.route))) delete draft.branch;
      break;
    case 'several':
      draft.routeChoices = u.route.routes;
      notes.push(say.severalRoutes(u.route.routes.map(routeLabel)));
      break;
    case 'unknown':
      notes.push(say.notARoute(u.route.number));
      break;
    case 'retired':
      notes.push(say.retired(u.route.info));
      break;
    case 'bus':
      notes.push(say.bus(u.route.number));
      break;
    case 'subway':
      notes.push(say.line(u.route.line === undefined ? undefined : findLine(u.route.line)));
      break;
    case 'none':
      break;
  }

  if (u.towards) {
    draft.towards = { place: u.towards.place, byRoute: Object.fromEntries(u.towards.byRoute), from: u.towards.from };
  }

  const info = draft.route !== undefined ? findRoute(draft.route) : undefined;
  if (u.direction.kind === 'direction') {
    const dir = u.direction.direction;
    if (info && !info.directions.includes(dir)) {
      notes.push(say.runsNot(info.route, info.name, runs(info.route), DIRECTION_WORDS[dir].replace('bound', '')));
    } else {
      draft.direction = dir;
      delete draft.towards;
    }
  } else if (u.direction.kind === 'several') {
    const usable = info ? u.direction.directions.filter((d) => info.directions.includes(d)) : u.direction.directions;
    if (usable.length === 1) draft.direction = usable[0];
    else {
      draft.directionChoices = usable.length > 0 ? usable : info?.directions;
      notes.push(say.severalDirections);
    }
  } else if (u.otherWay && draft.direction && draft.route !== undefined) {
    draft.direction = otherDirection(draft.route, draft.direction) ?? draft.direction;
  }
  resolveTowards(draft, notes);
  if (!draft.direction && u.upDown && info?.directions.includes(u.upDown)) draft.direction = u.upDown;

  switch (u.time.kind) {
    case 'instant':
      draft.time = u.time.instant.toISOString();
      delete draft.day;
      if (u.time.note) notes.push(u.time.note);
      break;
    case 'day':
      draft.day = u.time.date;
      delete draft.time;
      break;
    case 'problem':
      notes.push(say.sorry(u.time.problem));
      delete draft.time;
      break;
    case 'none':
      break;
  }
  return { draft, notes, changes: changesFrom(previous, draft) };
}

/** What was said before and is now different; a direction dropped with its route is no change. */
function changesFrom(before: TripDraft, after: TripDraft): Change[] {
  const changes: Change[] = [];
  if (before.route !== undefined && after.route !== undefined && after.route !== before.route) changes.push({ slot: 'route', route: after.route });
  if (before.direction && after.direction && after.direction !== before.direction) changes.push({ slot: 'direction', direction: after.direction });
  if (before.time && after.time && after.time !== before.time) changes.push({ slot: 'time', time: after.time });
  return changes;
}

/** The trip once route, direction and time are all known. */
export function completeTrip(draft: TripDraft): Trip | undefined {
  if (draft.route === undefined || !draft.direction || !draft.time) return undefined;
  return { route: draft.route, direction: draft.direction, time: new Date(draft.time) };
}
