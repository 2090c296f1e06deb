// The language understanding on its own: routes, directions, "towards", and times relative to
// the message's timestamp in Toronto (the runner's zone is Pacific/Auckland on purpose).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { FIELDS, evaluate, readUtterances } from '../../src/bot/eval/utterances';
import { understand } from '../../src/bot/understand';
import { readDirection } from '../../src/bot/understand/direction';
import { readRoute } from '../../src/bot/understand/route';
import { correctSpelling } from '../../src/bot/understand/spelling';
import { normalize } from '../../src/bot/understand/text';
import { readTime, type TimeReading } from '../../src/bot/understand/time';
import { toTorontoIso } from '../../src/pipeline/toronto-time';

// Typos are corrected before any reader runs (spelling.ts), as understand() does.
const route = (text: string) => readRoute(correctSpelling(normalize(text)));
const time = (text: string, ref: string, opts = {}): string => show(readTime(normalize(text), new Date(ref), opts));
function show(r: TimeReading): string {
  if (r.kind === 'instant') return toTorontoIso(r.instant);
  if (r.kind === 'day') return `day ${r.date.year}-${r.date.month}-${r.date.day}`;
  return r.kind;
}

describe('route', () => {
  const cases: [string, unknown][] = [
    ['504', { kind: 'route', route: 504 }],
    ['route 504', { kind: 'route', route: 504 }],
    ['the 504', { kind: 'route', route: 504 }],
    ['the King car', { kind: 'route', route: 504 }],
    ['Queen streetcar', { kind: 'route', route: 501 }],
    ['St. Clair', { kind: 'route', route: 512 }],
    ['Saint Clair', { kind: 'route', route: 512 }],
    ['College', { kind: 'route', route: 506 }],
    ['Harbourfront', { kind: 'route', route: 509 }],
    ['Spadina car', { kind: 'route', route: 510 }],
    ['Lake Shore', { kind: 'route', route: 508 }],
    ['504A', { kind: 'route', route: 504, branch: '504A' }],
    ['301 night car', { kind: 'route', route: 301 }],
    ['bathrust', { kind: 'route', route: 511 }],
    ['5040', { kind: 'none' }],
    ['5:04', { kind: 'none' }],
    ['at 530', { kind: 'none' }],
    ['$504', { kind: 'none' }],
    ['504 or 501', { kind: 'several', routes: [504, 501] }],
    ['King and Queen', { kind: 'several', routes: [504, 501] }],
    ['504 at king and spadina', { kind: 'route', route: 504 }],
    ['route 29', { kind: 'bus', number: 29 }],
    ['will the 97 yonge bus be late', { kind: 'bus', number: 97 }],
    ['the 7 bathurst bus', { kind: 'bus', number: 7 }],
    ['the 510 bus', { kind: 'route', route: 510 }],
    ['will the 999 be late', { kind: 'unknown', number: 999 }],
    ['is line 1 delayed', { kind: 'subway', line: 1 }],
    ['the bloor-danforth subway', { kind: 'subway', line: 2 }],
    ['the subway', { kind: 'subway' }],
    ['the subway and then the 504', { kind: 'route', route: 504 }],
    ["king's birthday, 505", { kind: 'route', route: 505 }],
    ['505, not 504', { kind: 'route', route: 505 }],
    ['not the 504', { kind: 'none' }],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(route(text), expected));
  }
  it('retired routes say what replaced them', () => {
    const r = route('514 cherry');
    assert.equal(r.kind, 'retired');
    assert.equal(r.kind === 'retired' && r.info.replacedBy, 'the 504A King to Distillery Loop');
  });
});

describe('direction', () => {
  const cases: [string, unknown][] = [
    ['eastbound', { kind: 'direction', direction: 'e' }],
    ['east', { kind: 'direction', direction: 'e' }],
    ['EB', { kind: 'direction', direction: 'e' }],
    ['E/B', { kind: 'direction', direction: 'e' }],
    ['going east', { kind: 'direction', direction: 'e' }],
    ['heading west', { kind: 'direction', direction: 'w' }],
    ['504 w', { kind: 'direction', direction: 'w' }],
    ['s', { kind: 'direction', direction: 's' }],
    ['not eastbound, westbound', { kind: 'direction', direction: 'w' }],
    ['east or west', { kind: 'several', directions: ['e', 'w'] }],
    ['western', { kind: 'none' }],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(readDirection(normalize(text)), expected));
  }
  it('"towards" a terminal gives the direction once the route is known', () => {
    const u = understand('505 towards dundas west station', new Date());
    assert.deepEqual(u.route, { kind: 'route', route: 505 });
    assert.equal(u.towards?.byRoute.get(505), 'w');
    assert.equal(u.direction.kind, 'none', '"west" inside a terminal name is not a direction');
  });
});

describe('time (Toronto, whatever the server zone)', () => {
  const TUE = '2026-11-24T16:20:00-05:00';
  const cases: [string, string, string][] = [
    ['now', TUE, '2026-11-24T16:20:00-05:00'],
    ['in 20 minutes', TUE, '2026-11-24T16:40:00-05:00'],
    ['at 5', TUE, '2026-11-24T17:00:00-05:00'],
    ['at 5', '2026-11-24T22:30:00-05:00', '2026-11-25T05:00:00-05:00'],
    ['5:30 pm', TUE, '2026-11-24T17:30:00-05:00'],
    ['17:45', TUE, '2026-11-24T17:45:00-05:00'],
    ['noon', TUE, '2026-11-25T12:00:00-05:00'],
    ['midnight', TUE, '2026-11-25T00:00:00-05:00'],
    ['tonight', TUE, '2026-11-24T20:00:00-05:00'],
    ['tomorrow morning', TUE, '2026-11-25T08:00:00-05:00'],
    ['this time tomorrow', TUE, '2026-11-25T16:20:00-05:00'],
    ['next Friday at noon', TUE, '2026-12-04T12:00:00-05:00'],
    ['Dec 24 at 4pm', TUE, '2026-12-24T16:00:00-05:00'],
    ['rush hour', '2026-11-24T11:00:00-05:00', '2026-11-24T17:00:00-05:00'],
    ['rush hour', TUE, '2026-11-24T16:20:00-05:00'],
    ['tomorrow', TUE, 'day 2026-11-25'],
    ['25:00', TUE, 'problem'],
    ['February 30', TUE, 'problem'],
    ['yesterday at 5', TUE, 'problem'],
    ['today at 3pm', TUE, 'problem'],
    // Spring forward, Sunday 2026-03-08: 2:00–3:00 am does not exist; after it, offset -04:00.
    ['tomorrow at 2:30am', '2026-03-07T21:00:00-05:00', 'problem'],
    ['tomorrow at 8am', '2026-03-07T21:00:00-05:00', '2026-03-08T08:00:00-04:00'],
    ['in 6 hours', '2026-03-07T21:00:00-05:00', '2026-03-08T04:00:00-04:00'],
    ['this time tomorrow', '2026-03-07T21:00:00-05:00', '2026-03-08T21:00:00-04:00'],
    // Fall back, Sunday 2026-11-01: 1:00–2:00 am happens twice; the first pass is taken.
    ['at 1:30am', '2026-10-31T22:00:00-04:00', '2026-11-01T01:30:00-04:00'],
    ['in 4 hours', '2026-10-31T22:00:00-04:00', '2026-11-01T01:00:00-05:00'],
    ['tomorrow at 8am', '2026-10-31T22:00:00-04:00', '2026-11-01T08:00:00-05:00'],
    // Late evening: "tomorrow" is the next Toronto day, though Auckland is already past it.
    ['tomorrow at 8', '2026-11-24T23:50:00-05:00', '2026-11-25T08:00:00-05:00'],
    ['tomorrow morning', '2026-11-24T23:50:00-05:00', '2026-11-25T08:00:00-05:00'],
  ];
  for (const [text, ref, expected] of cases) {
    it(`${text} @ ${ref}`, () => assert.equal(time(text, ref), expected));
  }
  it('a bare number is a clock time only when the bot asked for a time', () => {
    assert.equal(time('8', TUE), 'none');
    assert.equal(time('8', TUE, { expectingTime: true }), '2026-11-24T20:00:00-05:00');
    assert.equal(time('8', TUE, { expectingTime: true, day: { year: 2026, month: 11, day: 27 } }), '2026-11-27T08:00:00-05:00');
  });
  it('a clock time that has passed today is placed tomorrow, and says so', () => {
    const r = readTime(normalize('at 4pm'), new Date(TUE));
    assert.equal(r.kind === 'instant' && toTorontoIso(r.instant), '2026-11-25T16:00:00-05:00');
    assert.match(r.kind === 'instant' ? r.note ?? '' : '', /passed today/);
  });
});

describe('typos (spelling.ts)', () => {
  const fixed: [string, string][] = [
    ['qeen st car eastbund', 'queen st car eastbound'],
    ['spadena nortbound', 'spadina northbound'],
    ['kingg streetcar westbund tomorow', 'king streetcar westbound tomorrow'],
    ['dundass west', 'dundas west'],
    ['kign esatbound', 'king eastbound'],
    ['bathrust soutbound this evning', 'bathurst southbound this evening'],
    ['in 10 minuts', 'in 10 minute'],
  ];
  for (const [typed, meant] of fixed) it(`${typed} → ${meant}`, () => assert.equal(correctSpelling(typed), meant));
  // Ordinary words one or two edits from a route, direction or time word stay as they are.
  const ordinary = [
    'making', 'green', 'queer', 'queue', 'kind', 'kong', 'ring', 'thing', 'bay', 'day', 'way', 'eat', 'easy',
    'eats', 'ease', 'best', 'rest', 'wets', 'went', 'worth', 'forth', 'youth', 'mouth', 'sooth', 'late',
    'layer', 'clear', 'claim', 'chair', 'collage', 'carton', 'toady', 'sundae', 'mourning', 'queens', 'kings',
    'downtowner', 'cherry', 'shore', 'front', 'lake', 'gonna', 'kinda', 'eastwood', 'upton', 'alter', 'earthbound',
  ];
  for (const word of ordinary) it(`"${word}" is left alone`, () => assert.equal(correctSpelling(word), word));
});

describe('times said of the trip talked about (anchor)', () => {
  const TUE = '2026-11-24T16:20:00-05:00';
  const at = (iso: string) => ({ anchor: { instant: new Date(iso) } });
  const cases: [string, object, string][] = [
    ['at 9', at('2026-11-25T08:00:00-05:00'), '2026-11-25T09:00:00-05:00'],
    ['what about 7', at('2026-11-25T18:00:00-05:00'), '2026-11-25T19:00:00-05:00'],
    ['make that 7 pm', at('2026-11-25T09:00:00-05:00'), '2026-11-25T19:00:00-05:00'],
    ['friday at 7', at('2026-11-25T18:00:00-05:00'), '2026-11-27T19:00:00-05:00'],
    ['an hour later', at('2026-11-25T08:00:00-05:00'), '2026-11-25T09:00:00-05:00'],
    ['half an hour earlier', at('2026-11-25T08:00:00-05:00'), '2026-11-25T07:30:00-05:00'],
    ['the day after', at('2026-11-26T07:00:00-05:00'), '2026-11-27T07:00:00-05:00'],
    ['the next day at 9', at('2026-11-26T07:00:00-05:00'), '2026-11-27T09:00:00-05:00'],
    ['the day after tomorrow', at('2026-11-27T08:00:00-05:00'), '2026-11-26T08:00:00-05:00'],
    ['sunday', at('2026-11-28T13:00:00-05:00'), '2026-11-29T13:00:00-05:00'],
    ['a week later', at('2026-11-25T08:00:00-05:00'), '2026-12-02T08:00:00-05:00'],
    ['at 5:30', { anchor: { instant: new Date('2026-11-27T09:00:00-05:00'), after: true } }, '2026-11-27T17:30:00-05:00'],
    ['in 20 minutes', at('2026-11-25T08:00:00-05:00'), '2026-11-24T16:40:00-05:00'],
    ['this time tomorrow', at('2026-11-27T08:00:00-05:00'), '2026-11-25T16:20:00-05:00'],
    ['at 4', at('2026-11-24T17:00:00-05:00'), 'problem'],
    ['at 5', at('2026-11-25T08:00:00-05:00'), '2026-11-25T17:00:00-05:00'],
    ['at 1', at('2026-11-25T23:00:00-05:00'), '2026-11-26T01:00:00-05:00'],
  ];
  for (const [text, opts, expected] of cases) it(`${text} @ ${JSON.stringify(opts)}`, () => assert.equal(time(text, TUE, opts), expected));
});

describe('labelled utterance sets', () => {
  for (const name of ['utterances.tsv', 'utterances-holdout.tsv', 'utterances-blind.tsv', 'utterances-blind2.tsv', 'utterances-holdout2.tsv']) {
    it(`${name}: at least 95% on every field`, () => {
      const result = evaluate(readUtterances(resolve(__dirname, '../fixtures', name)));
      for (const field of FIELDS) {
        const accuracy = result.correct[field] / result.total;
        assert.ok(accuracy >= 0.95, `${field}: ${(accuracy * 100).toFixed(1)}%: ${JSON.stringify(result.misses.filter((m) => m.field === field).map((m) => m.utterance.text))}`);
      }
    });
  }
});
