import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compareWithUsual, defaultFormValues, renderChatPage, renderFormPage, torontoInputValue } from '../../src/web/pages';
import { parseTripTime } from '../../src/pipeline/toronto-time';

describe('pages', () => {
  it('compares with the usual rate in words', () => {
    assert.equal(compareWithUsual(0.3, 0.15), 'higher than usual: about 2.0 times the usual 15%');
    assert.equal(compareWithUsual(0.1, 0.2), 'lower than usual: the usual is 20%');
    assert.equal(compareWithUsual(0.21, 0.2), 'about the same as usual (20%)');
  });

  it('defaults the form to now in Toronto, whatever the server zone', () => {
    const now = new Date('2026-07-01T03:30:00Z'); // 23:30 the evening before in Toronto
    assert.deepEqual(defaultFormValues(now), { route: '501', direction: 'e', time: '2026-06-30T23:30' });
    const back = parseTripTime(torontoInputValue(now));
    assert.ok(back.ok && back.instant.getTime() === now.getTime());
  });

  it('offers all four directions when the route is unknown, and keeps an unknown route visible', () => {
    const page = renderFormPage({ route: '9999', direction: 'n', time: '' }, [{ field: 'route', problem: '9999 is not a Toronto streetcar route' }]);
    assert.match(page, /<option value="9999" selected>9999<\/option>/);
    assert.equal((page.match(/<option value="[ewns]"/g) ?? []).length, 4);
  });

  it('tells how to fetch Web Chat when its bundle is missing', () => {
    const page = renderChatPage({ token: 't', userId: 'u', styleNonce: 'n', bundleReady: false });
    assert.match(page, /npm run webchat:fetch/);
    assert.doesNotMatch(page, /webchat-4\.18\.1\.js/);
  });
});
