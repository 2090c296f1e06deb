import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { defaultFormValues, renderChatPage, renderFormPage, torontoInputValue } from '../../src/web/pages';
import { parseTripTime } from '../../src/pipeline/toronto-time';
import { parseTripParams } from '../../src/web/trip-params';
import { problemUnder } from './harness';

/** A fixed "now" for the form's examples: a Wednesday afternoon in Toronto, far from today. */
const NOW = new Date('2031-05-07T16:20:00-04:00');

function problems(route: unknown, direction: unknown, time: unknown) {
  const r = parseTripParams(route, direction, time, NOW);
  assert.ok(!r.ok);
  return r.errors;
}

/** The text of the problem shown under a field, or undefined. */
describe('pages', () => {
  it('defaults the form to now in Toronto, whatever the server zone', () => {
    const now = new Date('2026-07-01T03:30:00Z'); // 23:30 the evening before in Toronto
    assert.deepEqual(defaultFormValues(now), { route: '501', direction: 'e', time: '2026-06-30T23:30' });
    const back = parseTripTime(torontoInputValue(now));
    assert.ok(back.ok && back.instant.getTime() === now.getTime());
  });

  it('offers all four directions when the route is unknown, and keeps an unknown route visible', () => {
    const page = renderFormPage({ route: '9999', direction: 'n', time: '' }, problems('9999', 'n', '2031-05-08T08:00'), NOW);
    assert.match(page, /<option value="9999" selected>9999<\/option>/);
    assert.equal((page.match(/<option value="[ewns]"/g) ?? []).length, 4);
    assert.match(problemUnder(page, 'route') ?? '', /^There is no streetcar route 9999\. Choose one from the list\.$/);
  });

  it('an empty form asks for each choice in words that fit its control, and shows no choice it did not get', () => {
    const page = renderFormPage({ route: '', direction: '', time: '' }, problems(undefined, undefined, undefined), NOW);
    assert.equal(problemUnder(page, 'route'), 'Choose a route.');
    assert.equal(problemUnder(page, 'direction'), 'Choose a direction.');
    assert.equal(problemUnder(page, 'time'), 'Choose a date and time.');
    // The route list shows "Choose a route", not the first route, when none was chosen.
    assert.match(page, /<select id="route" name="route"[^>]*>\s*<option value="" selected>Choose a route<\/option>/);
    assert.match(page, /<select id="direction" name="direction"[^>]*>\s*<option value="" selected>Choose a direction<\/option>/);
    assert.doesNotMatch(page, /route must be|such as 504|2026-11-25/);
  });

  it('keeps a mistyped time in the field, names every wrong part, and gives an example from now', () => {
    const page = renderFormPage({ route: '504', direction: 'e', time: '2026-25-01T99:00' }, problems('504', 'e', '2026-25-01T99:00'), NOW);
    // A date picker would drop a value it cannot show, so the field becomes a text box holding it.
    assert.match(page, /<input id="time" name="time" type="text" value="2026-25-01T99:00"/);
    const problem = problemUnder(page, 'time') ?? '';
    assert.match(problem, /month 25/);
    assert.match(problem, /hour 99/);
    assert.match(problem, /2031-05-08T08:00/, 'the example is tomorrow at 8, from the injected clock');
    assert.doesNotMatch(page, /2026-11-25/);
  });

  it('a time that does not exist keeps the date picker and says why', () => {
    const page = renderFormPage({ route: '504', direction: 'w', time: '2026-03-08T02:30' }, problems('504', 'w', '2026-03-08T02:30'), NOW);
    assert.match(page, /<input id="time" name="time" type="datetime-local" value="2026-03-08T02:30"/);
    assert.match(problemUnder(page, 'time') ?? '', /02:30 does not exist in Toronto that day/);
  });

  it('a direction the route does not run names the ones it does', () => {
    const page = renderFormPage({ route: '510', direction: 'e', time: '2031-05-08T08:00' }, problems('510', 'e', '2031-05-08T08:00'), NOW);
    assert.equal(problemUnder(page, 'direction'), 'The 510 Spadina runs northbound and southbound. Choose one of those.');
  });

  it('links to the readable API page, not raw JSON', () => {
    const page = renderFormPage(defaultFormValues(NOW), [], NOW);
    assert.match(page, /<a href="\/api">API<\/a>/);
    assert.doesNotMatch(page, /href="\/api\/openapi\.json"/);
  });

  it('tells how to fetch Web Chat when its bundle is missing', () => {
    const page = renderChatPage({ token: 't', userId: 'u', styleNonce: 'n', bundleReady: false });
    assert.match(page, /npm run webchat:fetch/);
    assert.doesNotMatch(page, /webchat-4\.18\.1\.js/);
  });
});
