/**
 * HTTP tests of every web endpoint through the real server (src/server.ts createServer, the real
 * bot and CloudAdapter). Bad input runs against a predictor that fails the test if bad input
 * ever reaches the model; predictions run against the real committed model.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './harness';
import { refusingPredictor } from './predictors';
import { ensureWebChatBundle } from '../../src/web/webchat-bundle';
import { OPENAPI_DOCUMENT } from '../../src/web/openapi';

/** A fixed "now" (Wednesday, May 7, 2031, 4:20 p.m. in Toronto): examples are built from it. */
const NOW = new Date('2031-05-07T16:20:00-04:00');
/** What a browser sends when it navigates to a page. */
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8' };

async function get(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function postJson(url: string, body: string, type = 'application/json'): Promise<{ status: number; headers: Headers; text: string }> {
  return get(url, { method: 'POST', headers: { 'content-type': type }, body });
}

describe('web: bad input never reaches the model and is answered 400 in the right shape', () => {
  let s: TestServer;
  before(async () => {
    await ensureWebChatBundle(); // /chat serves it; fetched once into .cache/ when missing
    s = await startTestServer({ predictor: refusingPredictor, clock: () => NOW });
  });
  after(async () => {
    await s.close();
  });

  it('GET / renders the form with every active route, escaped prefills and a strict CSP', async () => {
    const r = await get(`${s.url}/?route=504&direction=e&time=%22%3E%3Cscript%3Ealert(1)%3C/script%3E`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(r.text, /<option value="504" selected>504 King<\/option>/);
    assert.match(r.text, /<option value="510">510 Spadina<\/option>/);
    assert.ok(!r.text.includes('<script>alert(1)'), 'request value must be escaped');
    assert.match(r.text, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|http:|https:|\*/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.doesNotMatch(r.text, /<script>|<script [^>]*>[^<]|style="|\son[a-z]+="/i, 'no inline script, style or handlers');
  });

  it('GET / defaults to now in Toronto time (the injected clock) and the first route with its directions', async () => {
    const r = await get(`${s.url}/`);
    assert.equal(r.status, 200);
    assert.match(r.text, /name="time" type="datetime-local" value="2031-05-07T16:20"/);
    assert.match(r.text, /<select id="direction" name="direction">\s*<option value="e" selected>eastbound<\/option><option value="w">westbound<\/option>/);
  });

  const badPages: [string, string, RegExp][] = [
    ['', 'route', /^Choose a route\.$/],
    ['', 'direction', /^Choose a direction\.$/],
    ['', 'time', /^Choose a date and time\.$/],
    ['route=999&direction=e&time=2026-11-25T08:00', 'route', /There is no streetcar route 999/],
    ['route=502&direction=e&time=2026-11-25T08:00', 'route', /The 502 Downtowner no longer runs/],
    ['route=504&direction=n&time=2026-11-25T08:00', 'direction', /The 504 King runs eastbound and westbound/],
    ['route=504&direction=up&time=2026-11-25T08:00', 'direction', /^Choose a direction from the list\.$/],
    ['route=504&direction=e', 'time', /^Choose a date and time\.$/],
    ['route=504&direction=e&time=tomorrow', 'time', /like 2031-05-08T08:00/],
    ['route=504&direction=e&time=2026-02-30T08:00', 'time', /February 2026 has 28 days/],
    ['route=504&direction=e&time=2026-25-01T99:00', 'time', /month 25.*hour 99/],
    ['route=504&direction=e&time=2026-03-08T02:30', 'time', /does not exist in Toronto that day/],
    ['route=504&direction=e&time=1899-03-08T02:30', 'time', /between 2000 and 2100/],
  ];
  for (const [query, field, problem] of badPages) {
    it(`GET /show-prediction?${query} → 400, form again, problem next to ${field}`, async () => {
      const r = await get(`${s.url}/show-prediction?${query}`);
      assert.equal(r.status, 400);
      assert.match(r.text, /<form method="get" action="\/show-prediction"/);
      const block = new RegExp(`<div class="field has-problem">\\s*<label for="${field}">[\\s\\S]*?<p class="problem" id="${field}-problem" role="alert">([^<]*)</p>`).exec(r.text);
      assert.ok(block, `a problem under the ${field} field`);
      assert.match(block[1].replace(/&#39;/g, "'"), problem);
      assert.match(r.text, new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="${field}-problem( [^"]+)?"`));
    });
  }

  it('GET /show-prediction with several bad fields marks each of them', async () => {
    const r = await get(`${s.url}/show-prediction?route=510&direction=e&time=nope`);
    assert.equal(r.status, 400);
    assert.match(r.text, /id="direction-problem"/);
    assert.match(r.text, /id="time-problem"/);
    assert.match(r.text, /value="nope"/, 'what the person typed stays in the field');
  });

  it('GET /show-prediction keeps a mistyped time visible (a date picker would show it empty)', async () => {
    const r = await get(`${s.url}/show-prediction?route=504&direction=e&time=2026-25-01T99:00`);
    assert.equal(r.status, 400);
    assert.match(r.text, /<input id="time" name="time" type="text" value="2026-25-01T99:00"/);
    assert.match(r.text, /<option value="504" selected>504 King<\/option>/);
    assert.match(r.text, /<option value="e" selected>eastbound<\/option>/);
  });

  it('GET /show-prediction escapes hostile values in the re-rendered form', async () => {
    const evil = encodeURIComponent('<img src=x onerror=alert(1)>');
    const r = await get(`${s.url}/show-prediction?route=${evil}&direction=${evil}&time=${evil}`);
    assert.equal(r.status, 400);
    assert.ok(!r.text.includes('<img src=x'));
    assert.match(r.text, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  const badApi: [string, string, RegExp][] = [
    ['', 'route', /route must be/],
    ['route=abc&direction=e&time=2026-11-25T08:00', 'route', /route must be/],
    ['route=502&direction=e&time=2026-11-25T08:00', 'route', /no longer runs/],
    ['route=510&direction=e&time=2026-11-25T08:00', 'direction', /runs northbound and southbound/],
    ['route=504&direction=e&time=2026-11-25', 'time', /expected a time/],
    ['route=504&direction=e&time=2026-03-08T02:15', 'time', /does not exist/],
  ];
  for (const [query, field, problem] of badApi) {
    it(`GET /api/predict?${query} → 400 {field: ${field}}`, async () => {
      const r = await get(`${s.url}/api/predict?${query}`);
      assert.equal(r.status, 400);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
      const body = JSON.parse(r.text) as { field: string; problem: string };
      assert.equal(body.field, field);
      assert.match(body.problem, problem);
    });
  }

  const badBodies: [string, string, string, number, string, RegExp][] = [
    ['invalid JSON', '{"route":', 'application/json', 400, 'body', /not valid JSON/],
    ['an empty body', '', 'application/json', 400, 'body', /empty/],
    ['not JSON', 'route=504', 'application/x-www-form-urlencoded', 415, 'body', /Content-Type: application\/json/],
    ['a number', '42', 'application/json', 400, 'body', /expected a trip/],
    ['a trip with a bad route', '{"route":1,"direction":"e","time":"2026-11-25T08:00"}', 'application/json', 400, 'route', /not a Toronto streetcar route/],
    ['a trip with no time', '{"route":504,"direction":"e"}', 'application/json', 400, 'time', /choose a date and time/],
    ['a numeric time', '{"route":504,"direction":"e","time":1764075600000}', 'application/json', 400, 'time', /must be text/],
    ['an empty list', '[]', 'application/json', 400, 'trips', /at least one/],
    ['trips that is not a list', '{"trips":{}}', 'application/json', 400, 'trips', /array/],
    ['a list with a non-object', '[{"route":504,"direction":"e","time":"2026-11-25T08:00"}, 7]', 'application/json', 400, 'trips[1]', /expected a trip/],
    ['a list with a bad trip', '{"trips":[{"route":504,"direction":"e","time":"2026-11-25T08:00"},{"route":504,"direction":"s","time":"2026-11-25T08:00"}]}', 'application/json', 400, 'trips[1].direction', /not southbound/],
  ];
  for (const [what, body, type, status, field, problem] of badBodies) {
    it(`POST /api/predict with ${what} → ${status} {field: ${field}}`, async () => {
      const r = await postJson(`${s.url}/api/predict`, body, type);
      assert.equal(r.status, status);
      const parsed = JSON.parse(r.text) as { field: string; problem: string };
      assert.equal(parsed.field, field);
      assert.match(parsed.problem, problem);
    });
  }

  it('POST /api/predict with 1,001 trips → 400 naming the limit', async () => {
    const trips = Array.from({ length: 1001 }, () => ({ route: 504, direction: 'e', time: '2026-11-25T08:00' }));
    const r = await postJson(`${s.url}/api/predict`, JSON.stringify({ trips }));
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), { field: 'trips', problem: 'send at most 1000 trips at once (got 1001)' });
  });

  it('POST /api/predict with a huge body → 413 {field: body}', async () => {
    const r = await postJson(`${s.url}/api/predict`, JSON.stringify({ trips: 'x'.repeat(2_000_000) }));
    assert.equal(r.status, 413);
    assert.equal((JSON.parse(r.text) as { field: string }).field, 'body');
  });

  it('POST /api/predict lists every problem of a batch, each with its index', async () => {
    const r = await postJson(`${s.url}/api/predict`, JSON.stringify([
      { route: 504, direction: 'e', time: '2026-11-25T08:00' },
      { route: 504, direction: 'x', time: '2026-11-25T08:00' },
      { route: 504, direction: 'e', time: 'later' },
    ]));
    assert.equal(r.status, 400);
    const body = JSON.parse(r.text) as { field: string; errors: { field: string }[] };
    assert.equal(body.field, 'trips[1].direction');
    assert.deepEqual(body.errors.map((e) => e.field), ['trips[1].direction', 'trips[2].time']);
  });

  it('GET /chart/risk.svg with bad input → 400 JSON', async () => {
    const r = await get(`${s.url}/chart/risk.svg?route=504&direction=q&time=2026-11-25T08:00`);
    assert.equal(r.status, 400);
    assert.equal((JSON.parse(r.text) as { field: string }).field, 'direction');
  });

  it('GET /api/routes lists active routes with names and valid directions', async () => {
    const r = await get(`${s.url}/api/routes`);
    assert.equal(r.status, 200);
    const body = JSON.parse(r.text) as { routes: { route: number; name: string; directions: string[]; directionNames: string[] }[] };
    const king = body.routes.find((x) => x.route === 504);
    assert.deepEqual(king && { name: king.name, directions: king.directions, directionNames: king.directionNames }, {
      name: 'King', directions: ['e', 'w'], directionNames: ['eastbound', 'westbound'],
    });
    assert.deepEqual(body.routes.find((x) => x.route === 510)?.directions, ['n', 's']);
    assert.ok(body.routes.length >= 8);
  });

  it('GET /api/openapi.json describes the endpoints', async () => {
    const r = await get(`${s.url}/api/openapi.json`);
    assert.equal(r.status, 200);
    const doc = JSON.parse(r.text) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    assert.match(doc.openapi, /^3\.1/);
    assert.ok(doc.paths['/api/routes'].get);
    assert.ok(doc.paths['/api/predict'].get);
    assert.ok(doc.paths['/api/predict'].post);
    assert.deepEqual(Object.keys(doc.components.schemas).sort(), ['Error', 'Prediction', 'Problem', 'Trip']);
  });

  it('serves only the listed static files, with their types', async () => {
    assert.match((await get(`${s.url}/static/site.css`)).headers.get('content-type') ?? '', /text\/css/);
    assert.match((await get(`${s.url}/static/form.js`)).headers.get('content-type') ?? '', /javascript/);
    assert.equal((await get(`${s.url}/static/..%2f..%2fpackage.json`)).status, 404);
    assert.equal((await get(`${s.url}/static/routes.ts`)).status, 404);
    const css = await get(`${s.url}/static/site.css`);
    const etag = css.headers.get('etag') ?? '';
    assert.equal((await get(`${s.url}/static/site.css`, { headers: { 'if-none-match': etag } })).status, 304);
  });

  it('GET /chat serves Web Chat with a per-response nonce and a token, loading nothing from another host', async () => {
    const r = await get(`${s.url}/chat`);
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.match(r.text, new RegExp(`data-style-nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
    assert.match(r.text, /<script src="\/static\/webchat-4\.18\.1\.js" defer><\/script>/);
    assert.match(r.text, /data-token="[A-Za-z0-9_-]{20,}"/);
    assert.doesNotMatch(r.text, /(src|href)="(https?:)?\/\//);
    const again = await get(`${s.url}/chat`);
    assert.notEqual(/'nonce-([^']+)'/.exec(again.headers.get('content-security-policy') ?? '')?.[1], nonce);
  });

  it('unknown API paths and methods keep the { field, problem } shape', async () => {
    const r = await get(`${s.url}/api/predict`, { method: 'DELETE' });
    assert.equal(r.status, 405);
    assert.equal((JSON.parse(r.text) as { field: string }).field, 'method');
    const nope = await get(`${s.url}/api/nope`);
    assert.equal(nope.status, 404);
    assert.deepEqual(JSON.parse(nope.text), { field: 'path', problem: '/api/nope does not exist' });
  });

  it('GET /api is a readable page rendered from the OpenAPI document (no script, no other host)', async () => {
    const r = await get(`${s.url}/api`, { headers: BROWSER });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.doesNotMatch(r.text, /<script|style="|(src|href)="(https?:)?\/\//i);
    assert.match(r.text, /<h1>Streetcar delay bot API<\/h1>/);
    for (const [path, methods] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      for (const [method, op] of Object.entries(methods as Record<string, { summary: string }>)) {
        assert.match(r.text, new RegExp(`${method.toUpperCase()}</span> <code>${path.replace(/[./]/g, (c) => `\\${c}`)}</code>`), `${method} ${path}`);
        assert.ok(r.text.includes(op.summary.replace(/'/g, '&#39;')), `summary of ${method} ${path}`);
      }
    }
    for (const name of ['Trip', 'Prediction', 'Error']) assert.match(r.text, new RegExp(`id="schema-${name}"`));
    assert.match(r.text, /usualProbability/);
    assert.match(r.text, /href="\/api\/openapi\.json"/);
    // Examples are for trips to come, from the injected clock.
    assert.match(r.text, /time=2031-05-08T08:00/);
    assert.doesNotMatch(r.text, /2026-11-25/);
  });

  for (const path of ['/docs', '/docs/', '/api/']) {
    it(`GET ${path} sends browsers to /api`, async () => {
      const r = await fetch(`${s.url}${path}`, { headers: BROWSER, redirect: 'manual' });
      assert.equal(r.status, 301);
      assert.equal(r.headers.get('location'), '/api');
    });
  }

  for (const path of ['/nope', '/api/nope', '/docs/x', '/show-prediction/x', '/api/predict/x']) {
    it(`GET ${path} from a browser → an HTML 404 page`, async () => {
      const r = await get(`${s.url}${path}`, { headers: BROWSER });
      assert.equal(r.status, 404);
      assert.match(r.headers.get('content-type') ?? '', /text\/html/);
      assert.match(r.text, /<h1>Page not found<\/h1>/);
      assert.match(r.text, /href="\/api"/);
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    });
  }
});

describe('web: chat off', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ predictor: refusingPredictor, chatEnabled: false });
  });
  after(async () => {
    await s.close();
  });
  it('GET /chat explains chat is off (404) and the Direct Line endpoints do not exist', async () => {
    const r = await get(`${s.url}/chat`);
    assert.equal(r.status, 404);
    assert.match(r.text, /Chat is off/);
    assert.equal((await get(`${s.url}/v3/directline/conversations`, { method: 'POST' })).status, 404);
    assert.equal((await get(`${s.url}/static/webchat-4.18.1.js`)).status, 404);
  });
});
