import type { Next, Request, Response } from 'restify';

/** Limits on a few fields (the body's size is limited where it is read, messages-route.ts). */
const MAX_ID = 512;
const MAX_TYPE = 64;
const MAX_URL = 2048;
/** Deeper JSON than this is refused: the SDK copies and validates activities recursively. */
export const MAX_DEPTH = 32;
/** Members in one conversationUpdate: a Teams team can be large, but not unbounded. */
const MAX_MEMBERS = 1000;

type Problem = string | undefined;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Characters an HTTP header value may hold (Node's rule). The connector sends the conversation id
 * back in the x-ms-conversation-id header of every reply: an id outside this set could never be
 * answered, so it is refused up front. Real channels' ids are plain ASCII.
 */
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]+$/;

function idOf(value: unknown, field: string, required: boolean, headerSafe = false): Problem {
  if (value === undefined && !required) return undefined;
  if (!isObject(value)) return `${field} must be an object`;
  const id = value.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return `${field}.id must be a string of 1 to ${MAX_ID} characters`;
  if (headerSafe && !HEADER_SAFE.test(id)) return `${field}.id has characters that cannot be sent back in a reply header`;
  return undefined;
}

function stringField(value: unknown, field: string, max: number): Problem {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max) return `${field} must be a string of at most ${max} characters`;
  return undefined;
}

/**
 * Checks the shape of an incoming activity before the adapter sees it, so that a malformed one is
 * answered 400 with what is wrong instead of failing deep inside the SDK with a 500 (CloudAdapter
 * answers 500 with the error's message for anything it cannot process). Fixes, rather than
 * refuses, what a channel can get slightly wrong without harm: a timestamp that is not a date is
 * dropped (the bot then uses the server's clock).
 * Returns the problem, or undefined when the activity may go on.
 */
export function activityProblem(body: unknown): Problem {
  if (!isObject(body)) return 'the body must be a JSON object (an activity)';
  if (depthOver(body, MAX_DEPTH)) return `the activity is nested more than ${MAX_DEPTH} levels deep`;
  const type = body.type;
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_TYPE) return `type must be a string of 1 to ${MAX_TYPE} characters`;
  if (typeof body.channelId !== 'string' || body.channelId.length === 0 || body.channelId.length > MAX_TYPE) return 'channelId must be a non-empty string';
  const serviceUrl = body.serviceUrl;
  if (typeof serviceUrl !== 'string' || serviceUrl.length > MAX_URL || !/^https?:\/\/[^\s/]+/i.test(serviceUrl)) return 'serviceUrl must be an http(s) URL';
  try {
    new URL(serviceUrl);
  } catch {
    return 'serviceUrl must be an http(s) URL';
  }
  return (
    idOf(body.conversation, 'conversation', true, true) ??
    idOf(body.from, 'from', true) ??
    idOf(body.recipient, 'recipient', true) ??
    stringField(body.id, 'id', MAX_ID) ??
    stringField(body.text, 'text', 100_000) ??
    stringField(body.locale, 'locale', 64) ??
    stringField(body.textFormat, 'textFormat', 64) ??
    stringField(body.name, 'name', 256) ??
    stringField(body.replyToId, 'replyToId', MAX_ID) ??
    arrayOf(body.membersAdded, 'membersAdded') ??
    arrayOf(body.membersRemoved, 'membersRemoved') ??
    listField(body.attachments, 'attachments') ??
    listField(body.entities, 'entities')
  );
}

function arrayOf(value: unknown, field: string): Problem {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return `${field} must be an array`;
  if (value.length > MAX_MEMBERS) return `${field} may list at most ${MAX_MEMBERS} members`;
  for (const [i, member] of value.entries()) {
    const problem = idOf(member, `${field}[${i}]`, true);
    if (problem) return problem;
  }
  return undefined;
}

function listField(value: unknown, field: string): Problem {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => !isObject(v))) return `${field} must be an array of objects`;
  return undefined;
}

/** True when `value` nests objects or arrays more than `max` levels deep; iterative, so it cannot overflow the stack itself. */
export function depthOver(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** Drops timestamps that are not dates (the SDK would turn them into Invalid Date). */
function dropBadTimestamps(body: Record<string, unknown>): void {
  for (const field of ['timestamp', 'localTimestamp', 'expiration']) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > 64 || Number.isNaN(Date.parse(value))) delete body[field];
  }
}

/** Answers a request to /api/messages that cannot go on: `{ error, problem }` as JSON. */
export function refuseActivity(res: Response, status: number, error: 'bad_body' | 'bad_activity', problem: string): void {
  const text = JSON.stringify({ error, problem });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The restify handler for POST /api/messages, after the body parser and before the adapter. */
export function activityGuard(req: Request, res: Response, next: Next): void {
  const body: unknown = (req as Request & { body?: unknown }).body;
  const problem = activityProblem(body);
  if (problem) {
    refuseActivity(res, 400, 'bad_activity', problem);
    return next(false);
  }
  dropBadTimestamps(body as Record<string, unknown>);
  return next();
}
