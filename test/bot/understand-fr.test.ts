// French understanding on its own: which language a message is in, French directions (and "est"
// the verb), French commands and follow-ups, and French times read by chrono-node's French
// parser in Toronto time (the runner's zone is Pacific/Auckland on purpose).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { FIELDS, evaluate, readUtterances } from '../../src/bot/eval/utterances';
import { detectLanguage, readIntent, understand } from '../../src/bot/understand';
import { correctSpelling } from '../../src/bot/understand/spelling';
import { normalize } from '../../src/bot/understand/text';
import { readTime, type TimeReading } from '../../src/bot/understand/time';
import { toTorontoIso } from '../../src/pipeline/toronto-time';

const TUE = new Date('2026-11-24T16:20:00-05:00');
const fr = (text: string, options = {}) => understand(text, TUE, { locale: 'fr', ...options });
function show(r: TimeReading): string {
  if (r.kind === 'instant') return toTorontoIso(r.instant);
  if (r.kind === 'day') return `day ${r.date.year}-${r.date.month}-${r.date.day}`;
  return r.kind;
}
const time = (text: string, ref = TUE, opts = {}) => show(readTime(normalize(text), ref, { locale: 'fr', ...opts }));

describe('which language a message is in', () => {
  const cases: [string, string | undefined][] = [
    ["Est-ce que le 504 vers l'est sera en retard demain à 8h?", 'fr'],
    ['le 504 est-il en retard ?', 'fr'],
    ['bonjour', 'fr'],
    ['merci', 'fr'],
    ['504 est', 'fr'],
    ['will the 504 be late eastbound at 5', 'en'],
    ['504 east at 8', 'en'],
    ['what about the 501?', 'en'],
    ['thanks', 'en'],
    ['504', undefined],
    ['8h', undefined],
    ['est', undefined],
    ['King', undefined],
    ['ok', undefined],
  ];
  for (const [text, expected] of cases) it(`${text} → ${expected ?? 'undecided'}`, () => assert.equal(detectLanguage(normalize(text)), expected));
});

describe('French directions', () => {
  const cases: [string, unknown][] = [
    ["le 504 vers l'est", { kind: 'direction', direction: 'e' }],
    ['le 505 direction ouest', { kind: 'direction', direction: 'w' }],
    ['le 510 en direction du nord', { kind: 'direction', direction: 'n' }],
    ['le 511 vers le sud', { kind: 'direction', direction: 's' }],
    ['504 est demain', { kind: 'direction', direction: 'e' }],
    ['est', { kind: 'direction', direction: 'e' }],
    ["vers l'ouest", { kind: 'direction', direction: 'w' }],
    ["Est-ce que le 504 vers l'est sera en retard", { kind: 'direction', direction: 'e' }],
    ['le 504 est-il en retard ?', { kind: 'none' }],
    ['le 504 est en retard ce soir', { kind: 'none' }],
    ["est-ce que le 501 est à l'heure", { kind: 'none' }],
    ["pas vers l'est, vers l'ouest", { kind: 'direction', direction: 'w' }],
    ["vers l'est ou vers l'ouest", { kind: 'several', directions: ['e', 'w'] }],
    ['le 510 vers le centre-ville', { kind: 'none' }],
  ];
  for (const [text, expected] of cases) it(text, () => assert.deepEqual(fr(text).direction, expected));
  it('"vers le centre-ville" is southbound on a north–south route, as "downtown" is', () => {
    assert.equal(fr('le 510 vers le centre-ville').upDown, 's');
  });
  it('a terminal said the French way round gives the direction ("vers la station Dundas Ouest")', () => {
    const u = fr('le 505 vers la station Dundas Ouest');
    assert.equal(u.towards?.byRoute.get(505), 'w');
    assert.equal(u.direction.kind, 'none', '"ouest" in the station name is not a direction');
  });
});

describe('French routes', () => {
  const cases: [string, unknown][] = [
    ['le 504 King', { kind: 'route', route: 504 }],
    ['le tramway King', { kind: 'route', route: 504 }],
    ['la ligne 504', { kind: 'route', route: 504 }],
    ['le Queen de nuit', { kind: 'route', route: 301 }],
    ["l'autobus 97", { kind: 'bus', number: 97 }],
    ['le 29 Dufferin vers le sud', { kind: 'bus', number: 29 }],
    ['la ligne 1', { kind: 'subway', line: 1 }],
    ['le métro', { kind: 'subway' }],
    ['le 999 sera-t-il en retard', { kind: 'unknown', number: 999 }],
    ['le 505, pas le 504', { kind: 'route', route: 505 }],
    ['au coin de King et Spadina, le 510', { kind: 'route', route: 510 }],
    ['le 24 décembre', { kind: 'none' }],
    ['le roi est mort', { kind: 'none' }],
  ];
  for (const [text, expected] of cases) it(text, () => assert.deepEqual(fr(text).route, expected));
});

describe('French commands', () => {
  const cases: [string, string][] = [
    ['aide', 'help'], ['annuler', 'cancel'], ['recommencer', 'restart'], ['nouveau trajet', 'restart'], ['oui', 'yes'],
    ['non', 'no'], ['non merci', 'no'], ['merci beaucoup', 'thanks'], ['bonjour', 'greeting'], ['salut !', 'greeting'],
  ];
  for (const [text, intent] of cases) it(`${text} → ${intent}`, () => assert.equal(readIntent(normalize(text), 'fr'), intent));
  it('English commands are read in a French conversation too', () => assert.equal(readIntent('help', 'fr'), 'help'));
});

describe('French times (chrono-node fr, Toronto time)', () => {
  const cases: [string, string][] = [
    ['maintenant', '2026-11-24T16:20:00-05:00'],
    ['demain à 8h', '2026-11-25T08:00:00-05:00'],
    ['ce soir à 20 h 30', '2026-11-24T20:30:00-05:00'],
    ['à 17h', '2026-11-24T17:00:00-05:00'],
    ['lundi prochain à 7h', '2026-11-30T07:00:00-05:00'],
    ['samedi prochain à 10 h', '2026-11-28T10:00:00-05:00'],
    ['dans 20 minutes', '2026-11-24T16:40:00-05:00'],
    ['dans une demi-heure', '2026-11-24T16:50:00-05:00'],
    ['dans 2 heures', '2026-11-24T18:20:00-05:00'],
    ['demain matin', '2026-11-25T08:00:00-05:00'],
    ['à midi', '2026-11-25T12:00:00-05:00'],
    ['à minuit', '2026-11-25T00:00:00-05:00'],
    ['demain à 8 h et demie', '2026-11-25T08:30:00-05:00'],
    ['demain à 9 h moins le quart', '2026-11-25T08:45:00-05:00'],
    ['à 8 h du soir', '2026-11-24T20:00:00-05:00'],
    ['le 24 décembre à 16 h', '2026-12-24T16:00:00-05:00'],
    ['après-demain à 8 h', '2026-11-26T08:00:00-05:00'],
    ["à l'heure de pointe du matin", '2026-11-25T08:00:00-05:00'],
    ["à l'heure de pointe du soir demain", '2026-11-25T17:00:00-05:00'],
    ['à 8h demain ou plutôt à 9h', '2026-11-25T09:00:00-05:00'],
    ['cette nuit à 2 h', '2026-11-25T02:00:00-05:00'],
    ['demain', 'day 2026-11-25'],
    ['hier à 17h', 'problem'],
    ['à 25 h', 'problem'],
    ['le 30 février', 'problem'],
    ["aujourd'hui à 15 h", 'problem'],
  ];
  for (const [text, expected] of cases) it(`${text} → ${expected}`, () => assert.equal(time(text), expected));
  it('spring forward: 2 h 30 on 2026-03-08 does not exist, 8 h is daylight time', () => {
    const sat = new Date('2026-03-07T21:00:00-05:00');
    assert.equal(time('demain à 2 h 30 du matin', sat), 'problem');
    assert.equal(time('demain à 8 h', sat), '2026-03-08T08:00:00-04:00');
  });
  it('late evening: "demain" is the next Toronto day, though Auckland is already past it', () => {
    assert.equal(time('demain à 8 h', new Date('2026-11-24T23:50:00-05:00')), '2026-11-25T08:00:00-05:00');
  });
  it('a bare "8h" is a clock time when the bot asked for a time', () => {
    assert.equal(time('8h', TUE, { expectingTime: true }), '2026-11-24T20:00:00-05:00');
    assert.equal(time('8 h', TUE, { expectingTime: true, day: { year: 2026, month: 11, day: 27 } }), '2026-11-27T08:00:00-05:00');
  });
});

describe('French follow-ups, said of the trip talked about', () => {
  const trip = (iso: string) => ({ trip: { time: new Date(iso) } });
  const cases: [string, string, string][] = [
    ['et à 9h ?', '2026-11-25T08:00:00-05:00', '2026-11-25T09:00:00-05:00'],
    ['une heure plus tard', '2026-11-25T08:00:00-05:00', '2026-11-25T09:00:00-05:00'],
    ['30 minutes plus tôt', '2026-11-25T08:00:00-05:00', '2026-11-25T07:30:00-05:00'],
    ["repousse d'une heure", '2026-11-25T08:00:00-05:00', '2026-11-25T09:00:00-05:00'],
    ['le lendemain', '2026-11-25T08:00:00-05:00', '2026-11-26T08:00:00-05:00'],
    ['la veille à 7 h', '2026-11-26T08:00:00-05:00', '2026-11-25T07:00:00-05:00'],
    ['et dimanche ?', '2026-11-25T18:00:00-05:00', '2026-11-29T18:00:00-05:00'],
  ];
  for (const [text, at, expected] of cases) {
    it(`${text} after ${at} → ${expected}`, () => {
      const u = fr(text, trip(at));
      assert.equal(u.time.kind === 'instant' ? toTorontoIso(u.time.instant) : u.time.kind, expected);
      assert.ok(u.followUp || u.time.kind === 'instant');
    });
  }
  it('"et le retour à 18h ?" is the return trip: the other way, later that day', () => {
    const u = fr('et le retour à 18h ?', trip('2026-11-25T08:00:00-05:00'));
    assert.ok(u.returnTrip && u.otherWay);
    assert.equal(u.time.kind === 'instant' && toTorontoIso(u.time.instant), '2026-11-25T18:00:00-05:00');
  });
  it('"autre direction" and "même trajet" refer back', () => {
    assert.ok(fr('Autre direction').otherWay);
    assert.ok(fr('Même trajet le lendemain').sameAgain);
  });
});

describe('French typos', () => {
  const fixed: [string, string][] = [
    ['demian', 'demain'], ['ouset', 'ouest'], ['venredi', 'vendredi'], ['spadian', 'spadina'],
  ];
  for (const [typed, meant] of fixed) it(`${typed} → ${meant}`, () => assert.equal(correctSpelling(typed, 'fr'), meant));
  for (const word of ['octobre', 'novembre', 'décembre', 'septembre', 'soit', 'mais', 'collège']) {
    it(`"${word}" is left alone`, () => assert.equal(correctSpelling(word, 'fr'), word));
  }
});

describe('the French utterance sets', () => {
  for (const name of ['utterances-fr.tsv', 'utterances-fr-blind.tsv']) {
    it(`${name}: at least 95% on every field`, () => {
      const result = evaluate(readUtterances(resolve(__dirname, '../fixtures', name)));
      for (const field of FIELDS) {
        const accuracy = result.correct[field] / result.total;
        assert.ok(accuracy >= 0.95, `${field}: ${(accuracy * 100).toFixed(1)}%: ${JSON.stringify(result.misses.filter((m) => m.field === field).map((m) => m.utterance.text))}`);
      }
    });
  }
});
