// The bot in French, as a rider writing French (or with a fr-* locale) meets it: DialogTestClient
// conversations against the real predictor, and the answer's words for fixed chances. Times are
// pinned with the activity's timestamp; the runner's zone is Pacific/Auckland.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { buildAnswer } from '../../src/bot/replies/answer';
import { messages } from '../../src/bot/replies/messages';
import { fixedPredictor } from '../web/predictors';
import { assertNotWordedLikely } from '../web/wording';
import { drainReplies, mainDialogClient, realPredictor } from './helpers';

const TUE_4PM = new Date('2026-11-24T16:20:00-05:00');
const FR_BUTTONS = ['Même trajet le lendemain', 'Autre direction', 'Nouveau trajet', 'Non merci'];
/** French that tells a rider to expect a delay: "un retard est probable", "probablement en retard". */
const FRENCH_LIKELY = /\bretards?\b(\s+[\p{L}’']+){0,3}?\s+(très\s+)?probable\b|\bprobablement\s+en\s+retard\b/iu;
/** English words that have no place in a French reply. */
const ENGLISH = /\b(?:chance of|eastbound|westbound|northbound|southbound|tomorrow|today|usual|likely|Which|When are you|Sorry)\b/;

type Send = (text: string, fields?: Partial<Activity>) => Promise<Partial<Activity>[]>;

async function conversation(): Promise<Send> {
  const client = await mainDialogClient({ kind: 'inline' });
  return async (text, fields = {}) => drainReplies(client, await client.sendActivity({ type: 'message', text, timestamp: TUE_4PM, ...fields }));
}

interface CardElement {
  type: string;
  text?: string;
  altText?: string;
  facts?: { title: string; value: string }[];
  columns?: { items: CardElement[] }[];
}

function cardTexts(reply: Partial<Activity>): string[] {
  const walk = (elements: CardElement[]): string[] =>
    elements.flatMap((e) => [e.text ?? '', e.altText ?? '', ...(e.facts ?? []).flatMap((f) => [f.title, f.value]), ...(e.columns ?? []).flatMap((c) => walk(c.items))]);
  const content = reply.attachments?.[0]?.content as { body: CardElement[] } | undefined;
  return walk(content?.body ?? []).filter(Boolean);
}

function value(reply: Partial<Activity> | undefined): { route: unknown; direction: unknown; time: unknown } {
  const v = reply?.value as Record<string, unknown> | undefined;
  return { route: v?.route, direction: v?.direction, time: v?.time };
}

describe('the bot in French', () => {
  it('answers a French trip in one message, text, card, chart alt text and buttons all in French', async () => {
    const send = await conversation();
    const [answer] = await send("Est-ce que le 504 vers l'est sera en retard demain à 8h?");
    assert.deepEqual(value(answer), { route: 504, direction: 'e', time: '2026-11-25T08:00:00-05:00' });
    assert.match(answer.text ?? '', /^504 King vers l'est, demain \(mer\. 25 nov\.\) à 8 h 00 : \d+ % de risque d'un retard signalé \(environ 1 sur \d+\), .*\. (Probablement à l'heure|Un retard est bien possible)\.$/);
    assert.deepEqual(answer.suggestedActions?.actions.map((a) => a.title), FR_BUTTONS);
    const card = cardTexts(answer);
    const all = card.join('\n');
    assert.match(all, /504 King · vers l'est/);
    assert.match(all, /Demain \(mer\. 25 nov\.\) à 8 h 00/);
    assert.match(all, /risque d'un retard signalé, 8 h – 9 h/);
    assert.match(all, /Habituel\n\d+ % pour cette ligne et cette direction/);
    assert.match(all, /« delayed » vaut vrai à partir de \d+ % : le seuil d.alerte du modèle/);
    const alt = card.find((t) => t.startsWith('Risque de retard par heure'));
    assert.match(alt ?? '', /^Risque de retard par heure : au plus bas à \d+ h \(\d+ %\), au plus haut à \d+ h \(\d+ %\) ; d'habitude \d+ %\. L'heure de votre trajet, 8 h : \d+ %\./);
    assert.doesNotMatch(`${answer.text}\n${all}`, ENGLISH);
  });

  it('collects a trip step by step from a fr-CA rider, one word at a time, with French buttons', async () => {
    const send = await conversation();
    const fr = { locale: 'fr-CA' };
    const [route] = await send('504', fr);
    assert.equal(route.text, "Dans quelle direction sur le 504 King : vers l'est ou vers l'ouest ?");
    assert.deepEqual(route.suggestedActions?.actions.map((a) => [a.title, a.value]), [["Vers l'est (Distillery Loop)", "Vers l'est"], ["Vers l'ouest (Dundas West Station)", "Vers l'ouest"]]);
    const [time] = await send('est', fr);
    assert.match(time.text ?? '', /^Quand partez-vous \? Par exemple « maintenant », « à 17 h 30 » ou « demain matin »\.$/);
    assert.deepEqual(time.suggestedActions?.actions.map((a) => a.title), ['Maintenant', 'Dans 30 minutes', 'Demain 8 h']);
    const [answer] = await send('Demain 8 h', fr);
    assert.deepEqual(value(answer), { route: 504, direction: 'e', time: '2026-11-25T08:00:00-05:00' });
  });

  it('keeps French for a bare "8h" or "est" once the conversation is French, without a locale', async () => {
    const send = await conversation();
    const [route] = await send('bonjour');
    assert.match(route.text ?? '', /^Bonjour ! Quel tramway \?/);
    const [direction] = await send('510');
    assert.match(direction.text ?? '', /^Dans quelle direction sur le 510 Spadina : vers le nord ou vers le sud \?$/);
    const [time] = await send('sud');
    assert.match(time.text ?? '', /^Quand partez-vous/);
    const [answer] = await send('8h');
    assert.match(answer.text ?? '', /^510 Spadina vers le sud, aujourd'hui à 20 h 00 : /);
  });

  it('reads "est" as the verb in "le 504 est-il en retard ?" and asks which way, keeping the time', async () => {
    const send = await conversation();
    const [ask] = await send('le 504 est-il en retard demain à 17 h 30 ?');
    assert.equal(ask.text, "Dans quelle direction sur le 504 King : vers l'est ou vers l'ouest ?");
    const [answer] = await send("vers l'est");
    assert.deepEqual(value(answer), { route: 504, direction: 'e', time: '2026-11-25T17:30:00-05:00' });
  });

  it('follows up on the trip talked about, keeping its day: "et à 9h ?", "une heure plus tard", "et le retour à 18h ?"', async () => {
    const send = await conversation();
    assert.deepEqual(value((await send("le 504 vers l'ouest demain à 8h"))[0]), { route: 504, direction: 'w', time: '2026-11-25T08:00:00-05:00' });
    assert.deepEqual(value((await send('et à 9h ?'))[0]), { route: 504, direction: 'w', time: '2026-11-25T09:00:00-05:00' });
    assert.deepEqual(value((await send('une heure plus tard'))[0]), { route: 504, direction: 'w', time: '2026-11-25T10:00:00-05:00' });
    const [back] = await send('et le retour à 18h ?');
    assert.deepEqual(value(back), { route: 504, direction: 'e', time: '2026-11-25T18:00:00-05:00' });
    assert.match(back.text ?? '', /^504 King vers l'est, demain \(mer\. 25 nov\.\) à 18 h 00/);
  });

  it('says a correction back in French while a question is pending', async () => {
    const send = await conversation();
    await send("le 501 vers l'est");
    const [changed] = await send("en fait vers l'ouest");
    assert.match(changed.text ?? '', /^Vers l'ouest, alors\. Quand partez-vous/);
    const [route] = await send('plutôt le 505');
    assert.match(route.text ?? '', /^D'accord, le 505 plutôt\. Quand partez-vous/);
  });

  it('cancels, helps and starts over in French', async () => {
    const send = await conversation();
    await send('le tramway King');
    const [help, again] = await send('aide');
    assert.match(help.text ?? '', /^J'estime le risque qu'un trajet en tramway/);
    assert.match(again.text ?? '', /^Dans quelle direction sur le 504 King/);
    const [cancelled] = await send('annuler');
    assert.equal(cancelled.text, messages('fr').cancelled);
    const [next] = await send('le Spadina vers le sud');
    assert.match(next.text ?? '', /^Quand partez-vous/);
    const [over, route] = await send('recommencer');
    assert.equal(over.text, "D'accord, on recommence.");
    assert.match(route.text ?? '', /^Quel tramway \?/);
  });

  it('refuses past and impossible times, and names a bus, in French', async () => {
    const send = await conversation();
    const [past] = await send("le 505 vers l'ouest hier à 17h");
    assert.match(past.text ?? '', /^Désolé, c'est dans le passé\. Quand partez-vous/);
    const [clock] = await send('à 25 h');
    assert.match(clock.text ?? '', /^Désolé, 25 h 00 n'existe pas\./);
    const [date] = await send('le 30 février à 9 h');
    assert.match(date.text ?? '', /^Désolé, le 30 février n'existe pas\./);
    const [bus] = await send('le 97 Yonge');
    assert.match(bus.text ?? '', /^Le 97 est un autobus ; je connais les tramways : 501 à 512 le jour, 301 à 312 la nuit\. Quel tramway \?/);
  });

  it('switches to English when the rider writes English, and back to French', async () => {
    const send = await conversation();
    await send("le 504 vers l'est à 17h");
    const [english] = await send('what about the 501?');
    assert.match(english.text ?? '', /^501 Queen eastbound, today at 5:00 pm: /);
    assert.deepEqual(english.suggestedActions?.actions.map((a) => a.title), ['Same trip next day', 'Other direction', 'New trip', 'No thanks']);
    const [french] = await send("et vers l'ouest ?");
    assert.match(french.text ?? '', /^501 Queen vers l'ouest, aujourd'hui à 17 h 00 : /);
  });
});

describe('French answer words for fixed chances', () => {
  const TRIP = { route: 504, direction: 'e' as const, time: new Date('2026-11-25T08:00:00-05:00') };
  const at = (probability: number, usual = 0.1) =>
    buildAnswer(fixedPredictor({ probability, usual }), TRIP, { ref: TUE_4PM, chart: { kind: 'inline' }, locale: 'fr' });

  it('says the chance, its odds and the comparison with a decimal comma', () => {
    assert.equal(at(0.14).text, "504 King vers l'est, demain (mer. 25 nov.) à 8 h 00 : 14 % de risque d'un retard signalé (environ 1 sur 7), 1,4 × l'habituel (10 %). Probablement à l'heure.");
    assert.match(at(0.004, 0.003).text ?? '', /: moins de 1 % de risque d'un retard signalé \(moins de 1 sur 100\), à peu près l'habituel \(moins de 1 %\)\./);
  });

  it('never words a chance under 50% as a probable delay, in the text, the card or the alt text', () => {
    for (const p of [0.004, 0.08, 0.102, 0.2, 0.299, 0.35, 0.49]) {
      const reply = at(p);
      const text = [reply.text ?? '', ...cardTexts(reply)].join('\n');
      assert.doesNotMatch(text, FRENCH_LIKELY, `p = ${p}: ${text.slice(0, 200)}`);
      assertNotWordedLikely(text, `p = ${p}`);
    }
    assert.match(at(0.35).text ?? '', /Un retard est bien possible\.$/);
    assert.match(at(0.55).text ?? '', /Un retard est probable\.$/);
    assert.match(at(0.9).text ?? '', /Un retard est très probable\.$/);
  });

  it('links the chart with lang=fr when the card links it', async () => {
    const reply = buildAnswer(await realPredictor(), TRIP, { ref: TUE_4PM, chart: { kind: 'link', baseUrl: 'https://bot.example' }, locale: 'fr' });
    const content = reply.attachments?.[0]?.content as { body: { type: string; url?: string; altText?: string }[] };
    const image = content.body.find((e) => e.type === 'Image');
    assert.match(image?.url ?? '', /^https:\/\/bot\.example\/chart\/risk\.png\?.*&lang=fr$/);
    assert.match(image?.altText ?? '', /^Risque de retard par heure/);
  });
});
