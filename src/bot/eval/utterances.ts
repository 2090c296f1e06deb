import { readFileSync } from 'node:fs';
import { toTorontoIso } from '../../pipeline/toronto-time';
import { mergeUnderstanding } from '../draft';
import { understand } from '../understand';

/** One labelled line of test/fixtures/utterances.tsv. */
export interface LabelledUtterance {
  line: number;
  text: string;
  route: string;
  direction: string;
  time: string;
  ref: Date;
}

export const DEFAULT_REF = '2026-11-24T16:20:00-05:00';
export type Field = 'route' | 'direction' | 'time';
export const FIELDS: readonly Field[] = ['route', 'direction', 'time'];

export function readUtterances(file: string): LabelledUtterance[] {
  return readFileSync(file, 'utf8').split('\n').flatMap((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return [];
    const [text, route, direction, time, ref] = raw.split('\t');
    if (time === undefined) throw new Error(`${file}:${i + 1}: expected at least 4 tab-separated columns`);
    return [{ line: i + 1, text, route, direction, time, ref: new Date(ref || DEFAULT_REF) }];
  });
}

/** What the bot made of a message, in the labels' notation. */
export function labelsFor(text: string, ref: Date): Record<Field, string> {
  const u = understand(text, ref);
  const { draft } = mergeUnderstanding({}, u);
  const route =
    u.route.kind === 'route' ? String(u.route.route)
    : u.route.kind === 'several' ? '?'
    : u.route.kind === 'unknown' ? `x${u.route.number}`
    : u.route.kind === 'retired' ? `r${u.route.info.route}`
    : u.route.kind === 'bus' ? `b${u.route.number ?? ''}`
    : u.route.kind === 'subway' ? `l${u.route.line ?? ''}`
    : '-';
  const refusedDirection = u.direction.kind !== 'none' && !draft.direction;
  const direction = draft.direction ?? (refusedDirection ? '!' : '-');
  const time =
    u.time.kind === 'instant' ? toTorontoIso(u.time.instant)
    : u.time.kind === 'day' ? `day:${u.time.date.year}-${String(u.time.date.month).padStart(2, '0')}-${String(u.time.date.day).padStart(2, '0')}`
    : u.time.kind === 'problem' ? 'problem'
    : '-';
  return { route, direction, time };
}

export interface EvalResult {
  total: number;
  correct: Record<Field, number>;
  misses: { utterance: LabelledUtterance; field: Field; got: string }[];
}

export function evaluate(utterances: readonly LabelledUtterance[]): EvalResult {
  const correct: Record<Field, number> = { route: 0, direction: 0, time: 0 };
  const misses: EvalResult['misses'] = [];
  for (const u of utterances) {
    const got = labelsFor(u.text, u.ref);
    for (const field of FIELDS) {
      if (got[field] === u[field]) correct[field]++;
      else misses.push({ utterance: u, field, got: got[field] });
    }
  }
  return { total: utterances.length, correct, misses };
}
