/**
 * The JSON API: routes, predictions for one trip or up to 1,000, and its OpenAPI document.
 * Every problem a client can cause is a 400 (or 413/415) with `{ field, problem }`; never a 500.
 */
import type { DelayPredictor } from '../model/types';
import { activeRoutes } from '../pipeline/routes';
import { DIRECTION_WORDS, type Prediction, type Trip, type UserError } from '../pipeline/types';
import { BodyError } from './body';
import { webWords } from './catalogue';
import { parseTripParams, userError } from './trip-params';

export const MAX_BATCH = 1000;
/** 1,000 trips of about 70 bytes each, with room for whitespace. */
export const MAX_BODY_BYTES = 512 * 1024;

/** What the API returns for one trip: the bot's `value` (a Prediction), usual rate included. */
export type ApiPrediction = Prediction;

/** A client error: the first problem, plus every problem for a batch. */
export interface ApiError extends UserError {
  errors?: UserError[];
}

export type ApiResult<T> = { status: 200; body: T } | { status: 400 | 413 | 415; body: ApiError };

export function routesDocument(): {
  routes: { route: number; name: string; directions: string[]; directionNames: string[]; branches?: string[] }[];
} {
  return {
    routes: activeRoutes().map((r) => ({
      route: r.route,
      name: r.name,
      directions: [...r.directions],
      directionNames: r.directions.map((d) => DIRECTION_WORDS[d]),
      ...(r.branches ? { branches: [...r.branches] } : {}),
    })),
  };
}

function badRequest(problems: UserError[]): ApiResult<never> {
  // Only { field, problem } goes out: the detail the pages word for people stays in.
  const errors = problems.map(userError);
  const [first] = errors;
  return { status: 400, body: errors.length > 1 ? { ...first, errors: errors.slice(0, 100) } : { ...first } };
}

/** GET /api/predict?route=&direction=&time= */
export function predictFromQuery(predictor: DelayPredictor, query: Record<string, string>, now: Date = new Date()): ApiResult<ApiPrediction> {
  const parsed = parseTripParams(query.route, query.direction, query.time, now);
  if (!parsed.ok) return badRequest(parsed.errors);
  return { status: 200, body: predictor.predict(parsed.trip) };
}

function prefixed(errors: UserError[], prefix: string): UserError[] {
  return errors.map((e) => ({ field: `${prefix}${e.field}`, problem: e.problem }));
}

function tripFromObject(value: unknown, prefix: string, now: Date): { ok: true; trip: Trip } | { ok: false; errors: UserError[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ field: prefix ? prefix.replace(/\.$/, '') : 'body', problem: webWords().api.notATrip }] };
  }
  const o = value as Record<string, unknown>;
  const parsed = parseTripParams(o.route, o.direction, o.time, now);
  return parsed.ok ? parsed : { ok: false, errors: prefixed(parsed.errors, prefix) };
}

/**
 * POST /api/predict. The body is one trip `{ route, direction, time }` (answered with one
 * prediction), or `{ trips: [...] }` / a bare array of 1 to 1,000 trips (answered with
 * `{ predictions: [...] }` in the same order). A batch with any bad trip is refused as a whole,
 * naming each bad field as `trips[i].field`.
 */
export function predictFromBody(
  predictor: DelayPredictor,
  body: unknown,
  now: Date = new Date(),
): ApiResult<ApiPrediction | { predictions: ApiPrediction[] }> {
  let list: unknown[] | undefined;
  if (Array.isArray(body)) list = body;
  else if (typeof body === 'object' && body !== null && 'trips' in body) {
    const trips = (body as { trips: unknown }).trips;
    if (!Array.isArray(trips)) return badRequest([{ field: 'trips', problem: webWords().api.tripsNotArray }]);
    list = trips;
  }
  if (list === undefined) {
    const one = tripFromObject(body, '', now);
    if (!one.ok) return badRequest(one.errors);
    return { status: 200, body: predictor.predict(one.trip) };
  }
  if (list.length === 0) return badRequest([{ field: 'trips', problem: webWords().api.noTrips }]);
  if (list.length > MAX_BATCH) {
    return badRequest([{ field: 'trips', problem: webWords().api.tooManyTrips(MAX_BATCH, list.length) }]);
  }
  const trips: Trip[] = [];
  const errors: UserError[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = tripFromObject(list[i], `trips[${i}].`, now);
    if (r.ok) trips.push(r.trip);
    else errors.push(...r.errors);
  }
  if (errors.length > 0) return badRequest(errors);
  return { status: 200, body: { predictions: predictor.predictBatch(trips) } };
}

/** A BodyError as the API's error shape. */
export function bodyProblem(err: BodyError): ApiResult<never> {
  return { status: err.status, body: { field: 'body', problem: err.message } };
}
