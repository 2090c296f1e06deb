/**
 * The web front end in French: pages follow the browser's Accept-Language (fr-CA), ?lang= chooses
 * explicitly, <html lang> says which; the form's errors, the prediction page and its charts are
 * French; the JSON API keeps its English problem texts. Through the real server and model.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { acceptedLanguages, pageLanguage } from '../../src/web/language';
import { ensureWebChatBundle } from '../../src/web/webchat-bundle';
import { problemUnder, startTestServer, type TestServer } from './harness';
import { realPredictor } from './predictors';
import { assertNotWordedLikely } from './wording';

/** A fixed "now" (Wednesday, May 7, 2031, 4:20 p.m. in Toronto): examples are built from it. */
const NOW = new Date('2031-05-07T16:20:00-04:00');
const FRENCH = { accept: 'text/html', 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' };
const ENGLISH = { accept: 'text/html', 'accept-language': 'en-CA,en;q=0.9' };

async function get(url: string, headers: Record<string, string> = FRENCH): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The text of the problem shown under a field. */
describe('a page language from the request', () => {
  it('reads Accept-Language by q-value, and an explicit ?lang= first', () => {
    assert.deepEqual(acceptedLanguages('en;q=0.5, fr-CA, de;q=0.8'), ['fr-CA', 'de', 'en']);
    assert.deepEqual(pageLanguage({}, 'de-DE,fr;q=0.7,en;q=0.6'), { locale: 'fr', explicit: false });
    assert.deepEqual(pageLanguage({}, 'de-DE'), { locale: 'en', explicit: false });
    assert.deepEqual(pageLanguage({ lang: 'en' }, 'fr-CA'), { locale: 'en', explicit: true });
    assert.deepEqual(pageLanguage({ lang: 'fr' }, undefined), { locale: 'fr', explicit: true });
    assert.deepEqual(pageLanguage({ lang: 'xx' }, 'fr-CA'), { locale: 'fr', explicit: false });
  });
});

describe('web pages in French', () => {
  let s: TestServer;
  before(async () => {
    await ensureWebChatBundle();
    s = await startTestServer({ predictor: await realPredictor(), clock: () => NOW });
  });
  after(async () => {
    await s.close();
  });

  it('GET / with Accept-Language fr-CA is the French form, <html lang="fr-CA">, and says it varies by language', async () => {
    const r = await get(`${s.url}/`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<html lang="fr-CA">/);
    assert.match(r.text, /<h1>Mon tramway sera-t-il en retard \?<\/h1>/);
    assert.match(r.text, /<label for="route">Ligne<\/label>/);
    assert.match(r.text, /<option value="e" selected>vers l'est<\/option>|<option value="e" selected>vers l&#39;est<\/option>/);
    assert.match(r.text, /<button type="submit">Obtenir la prévision<\/button>/);
    assert.match(r.text, /<a href="\/\?lang=en" lang="en-CA" hreflang="en-CA" class="language">English<\/a>/);
    assert.equal(r.headers.get('content-language'), 'fr-CA');
    assert.match(r.headers.get('vary') ?? '', /Accept-Language/i);
    assert.doesNotMatch(r.text, /name="lang"/, 'no hidden choice when the browser chose');
  });

  it('?lang= overrides the browser, and the form and links keep the choice', async () => {
    const fr = await get(`${s.url}/?lang=fr`, ENGLISH);
    assert.match(fr.text, /<html lang="fr-CA">/);
    assert.match(fr.text, /<input type="hidden" name="lang" value="fr">/);
    assert.match(fr.text, /<a href="\/chat\?lang=fr">Clavardage<\/a>/);
    const en = await get(`${s.url}/?lang=en`);
    assert.match(en.text, /<html lang="en">/);
    assert.match(en.text, /Will my streetcar be delayed\?/);
  });

  it('the prediction page is French: verdict, chance, comparison, threshold, caption and both charts', async () => {
    const r = await get(`${s.url}/show-prediction?route=504&direction=e&time=2031-05-08T08:00`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<p class="trip">504 King vers l(?:'|&#39;)est · jeudi 8 mai 2031 · 8 h 00<\/p>/);
    assert.match(r.text, /<h1 class="verdict">(Probablement à l(?:'|&#39;)heure|Un retard est bien possible)<\/h1>/);
    assert.match(r.text, /<strong>\d+ %<\/strong> de risque \(environ 1 sur \d+\) d(?:'|&#39;)au moins un retard signalé entre 8 h 00 et 9 h 00/);
    assert.match(r.text, /<code>delayed<\/code> vaut vrai à partir de \d+ % : le seuil d(?:'|&#39;)alerte du modèle/);
    assert.match(r.text, /heure de la journée \(heure de Toronto\)/, 'the wide chart\'s axis title');
    assert.match(r.text, /<desc id="chart-narrow-desc">Risque de retard par heure : /, 'the narrow chart\'s description');
    assert.match(r.text, /<a class="button" href="\/\?route=504&amp;direction=e&amp;time=2031-05-08T08%3A00" id="another">Obtenir une autre prévision<\/a>/);
    assertNotWordedLikely(r.text, 'French prediction page');
    assert.doesNotMatch(r.text, /chance of|hour of the day|Get another prediction/);
  });

  it('an empty form is refused with French errors under each field', async () => {
    const r = await get(`${s.url}/show-prediction`);
    assert.equal(r.status, 400);
    assert.match(r.text, /<html lang="fr-CA">/);
    assert.equal(problemUnder(r.text, 'route'), 'Choisissez une ligne.');
    assert.equal(problemUnder(r.text, 'direction'), 'Choisissez une direction.');
    assert.equal(problemUnder(r.text, 'time'), 'Choisissez une date et une heure.');
    assert.match(r.text, /Veuillez vérifier les champs indiqués ci-dessous\./);
  });

  it('a mistyped time names every wrong part in French, with an example from the injected clock', async () => {
    const r = await get(`${s.url}/show-prediction?route=510&direction=e&time=2026-25-01T99:00`);
    assert.equal(r.status, 400);
    assert.match(problemUnder(r.text, 'direction') ?? '', /^Le 510 Spadina circule vers le nord et vers le sud\. Choisissez l'une de ces directions\.$/);
    const time = problemUnder(r.text, 'time') ?? '';
    assert.match(time, /aucun mois 25 \(les mois vont de 1 à 12\)/);
    assert.match(time, /aucune heure 99 \(les heures vont de 0 à 23\)/);
    assert.match(time, /2031-05-08T08:00 \(demain à 8 h 00\)/);
  });

  it('the JSON API keeps its English problem texts whatever the browser speaks', async () => {
    const r = await get(`${s.url}/api/predict?route=504&direction=x&time=2031-05-08T08:00`, { accept: 'application/json', 'accept-language': 'fr-CA' });
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), { field: 'direction', problem: 'direction must be one of e, w, n, s' });
  });

  it('a missing page is a French 404 page for a French browser', async () => {
    const r = await get(`${s.url}/nulle-part`);
    assert.equal(r.status, 404);
    assert.match(r.text, /<html lang="fr-CA">/);
    assert.match(r.text, /<h1>Page introuvable<\/h1>/);
  });

  it('the chart image speaks French with lang=fr (as the bot\'s French cards link it)', async () => {
    const r = await get(`${s.url}/chart/risk.svg?route=504&direction=e&time=2031-05-08T08:00&lang=fr`, { accept: 'image/svg+xml' });
    assert.equal(r.status, 200);
    assert.match(r.text, /<desc id="risk-chart-desc">Risque de retard par heure : au plus bas à \d+ h \(\d+ %\), au plus haut à \d+ h \(\d+ %\) ; d(?:'|&apos;|&#39;)habitude \d+ %\. L(?:'|&apos;|&#39;)heure de votre trajet, 8 h : \d+ %\./);
    assert.match(r.text, /heure de votre trajet/);
  });

  it('/chat for a French browser sets Web Chat\'s locale to fr-CA, so the bot answers in French', async () => {
    const r = await get(`${s.url}/chat`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<html lang="fr-CA">/);
    assert.match(r.text, /data-locale="fr-CA"/);
    assert.match(r.text, /data-username="Vous"/);
  });

  it('the API page\'s own words follow the browser', async () => {
    const r = await get(`${s.url}/api`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<html lang="fr-CA">/);
    assert.match(r.text, /Points de terminaison/);
    const en = await get(`${s.url}/api`, ENGLISH);
    assert.match(en.text, /Endpoints/);
  });
});
