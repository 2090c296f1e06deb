/**
 * Web figures, on the real server, bot and model (`npm run bench:web`):
 *   1. GET /show-prediction, server time including the chart: p50 ≤ 20 ms
 *      (cold: a different trip every request, so every chart is drawn; warm: one trip repeated)
 *   2. POST /api/predict with 1,000 trips: ≤ 50 ms
 *   3. /chat in Chromium: first bot reply ≤ 3 s after page load — timed from the load event and
 *      from navigation start, in a window already open (cache emptied) and in a new window
 * Server time is read from the Server-Timing header the web handlers set (handler start to
 * response sent); the round trip seen by the client is printed beside it.
 * Options: --quick (fewer runs), --no-browser, --json (machine-readable last line), --priority.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg, setPriority } from 'node:os';
import pino from 'pino';
import { MemoryStorage } from 'botbuilder';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app';
import { clearRiskChartCache } from '../src/chart/risk-chart';
import { loadConfig } from '../src/config';
import { loadPredictor } from '../src/model/load-predictor';
import { activeRoutes } from '../src/pipeline/routes';
import { ensureWebChatBundle } from '../src/web/webchat-bundle';

const quick = process.argv.includes('--quick');
/**
 * --priority: run this process and the browser it starts at nice -15 (root only). On a shared,
 * busy machine that approximates the figures of a quiet one; without it the figures include
 * waiting for the CPU behind other people's processes. The load average is printed either way.
 */
const raisePriority = process.argv.includes('--priority');

/** Renices every process descended from this one (the browser and its renderers). */
function reniceDescendants(nice: number): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const todo = [process.pid];
  while (todo.length > 0) {
    const pid = todo.pop() as number;
    try {
      setPriority(pid, nice);
    } catch {
      // not ours to change, or gone
    }
    todo.push(...(children.get(pid) ?? []));
  }
}
const noBrowser = process.argv.includes('--no-browser');

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

function stats(values: number[]): Stats {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  return { n: v.length, p50: q(0.5), p95: q(0.95), max: v[v.length - 1] };
}

function fmt(s: Stats): string {
  return `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (n=${s.n})`;
}

function serverTiming(res: Response): number {
  const m = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
  if (!m) throw new Error('no Server-Timing header');
  return Number(m[1]);
}

async function timed(url: string, init?: RequestInit): Promise<{ server: number; rtt: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { server: serverTiming(res), rtt: performance.now() - t0, status: res.status };
}

async function main(): Promise<void> {
  const config = loadConfig({});
  const logger = pino({ level: 'silent' });
  const predictor = await loadPredictor({ modelDir: config.paths.modelDir, pipelineDir: config.paths.pipelineDir });
  const bench = { ...config, chatEnabled: true, ops: { ...config.ops, rateLimit: { ...config.ops.rateLimit, perSecond: 1e6, burst: 1e6 } } };
  const { server } = createApp({ config: bench, predictor, logger, storage: new MemoryStorage(), port: 0, env: {}, chart: { kind: 'inline' } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const results: Record<string, unknown> = { model: predictor.info.version, backend: predictor.info.backend };
  if (raisePriority) reniceDescendants(-15);
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  results.loadAverage = load;
  results.priority = raisePriority ? 'nice -15' : 'normal';
  console.log(`model ${predictor.info.version} (${predictor.info.backend}), node ${process.version}, ${base}; load average ${load}; priority ${results.priority}`);

  // 1. /show-prediction.
  const routes = activeRoutes();
  const trips: string[] = [];
  for (let i = 0; trips.length < (quick ? 200 : 1000); i++) {
    const r = routes[i % routes.length];
    const d = r.directions[Math.floor(i / routes.length) % 2];
    const day = 1 + (Math.floor(i / (routes.length * 2)) % 28);
    const hour = (i * 7) % 24;
    trips.push(`route=${r.route}&direction=${d}&time=2026-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:10`);
  }
  for (let i = 0; i < 50; i++) await timed(`${base}/show-prediction?${trips[i]}`); // warm up the JIT
  clearRiskChartCache();
  const cold = { server: [] as number[], rtt: [] as number[] };
  for (const q of trips) {
    const t = await timed(`${base}/show-prediction?${q}`);
    if (t.status !== 200) throw new Error(`/show-prediction?${q} → ${t.status}`);
    cold.server.push(t.server);
    cold.rtt.push(t.rtt);
  }
  const warm = { server: [] as number[], rtt: [] as number[] };
  for (let i = 0; i < (quick ? 200 : 1000); i++) {
    const t = await timed(`${base}/show-prediction?${trips[0]}`);
    warm.server.push(t.server);
    warm.rtt.push(t.rtt);
  }
  results.showPredictionCold = { server: stats(cold.server), roundTrip: stats(cold.rtt) };
  results.showPredictionWarm = { server: stats(warm.server), roundTrip: stats(warm.rtt) };
  console.log(`/show-prediction, a new trip each time (chart drawn): server ${fmt(stats(cold.server))}; round trip ${fmt(stats(cold.rtt))}`);
  console.log(`/show-prediction, same trip (chart cached):          server ${fmt(stats(warm.server))}; round trip ${fmt(stats(warm.rtt))}`);

  // 2. POST /api/predict with 1,000 trips.
  const batch = JSON.stringify({
    trips: Array.from({ length: 1000 }, (_, i) => Object.fromEntries(new URLSearchParams(trips[i % trips.length]))),
  });
  const api = { server: [] as number[], rtt: [] as number[] };
  for (let i = 0; i < (quick ? 30 : 100) + 10; i++) {
    const t = await timed(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch });
    if (t.status !== 200) throw new Error(`/api/predict → ${t.status}`);
    if (i < 10) continue; // warm-up
    api.server.push(t.server);
    api.rtt.push(t.rtt);
  }
  results.predictBatch1000 = { server: stats(api.server), roundTrip: stats(api.rtt), bodyBytes: batch.length };
  console.log(`POST /api/predict, 1,000 trips (${(batch.length / 1024).toFixed(0)} KiB): server ${fmt(stats(api.server))}; round trip ${fmt(stats(api.rtt))}`);

  // 3. /chat in the browser.
  if (!noBrowser) {
    await ensureWebChatBundle();
    const { launchBrowser } = await import('../test/e2e/browser');
    const b = await launchBrowser();
    // (a) A new window each time (new browser context: empty cache, cookies and storage).
    const fromStart: number[] = [];
    const fromLoad: number[] = [];
    // (b) A rider opening /chat in a browser window already open: the cache is emptied first, so
    // it is still a first visit, but the window's own start-up is not counted.
    const openFromStart: number[] = [];
    const openFromLoad: number[] = [];
    const visit = async (page: import('playwright-core').Page, starts: number[], loads: number[]): Promise<void> => {
      const t0 = Date.now();
      let loadedAt = 0;
      page.once('load', () => (loadedAt = Date.now()));
      await page.goto(`${base}/chat`, { waitUntil: 'commit' });
      await page.locator('.webchat__bubble__content').first().waitFor({ timeout: 30_000 });
      const t = Date.now();
      starts.push(t - t0);
      loads.push(loadedAt ? t - loadedAt : Number.NaN);
    };
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const context = await b.browser.newContext(); // empty cache every time: a first visit
      const page = await context.newPage();
      if (raisePriority) reniceDescendants(-15);
      await visit(page, fromStart, fromLoad);
      await context.close();
    }
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto('about:blank');
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      await cdp.send('Network.clearBrowserCache');
      await context.clearCookies();
      await page.goto('about:blank');
      await new Promise((ok) => setTimeout(ok, 500)); // let the previous page's work settle
      await visit(page, openFromStart, openFromLoad);
    }
    await context.close();
    await b.close();
    results.chatFirstReply = { fromNavigationStart: stats(fromStart), fromLoadEvent: stats(fromLoad.filter(Number.isFinite)) };
    results.chatFirstReplyOpenWindow = { fromNavigationStart: stats(openFromStart), fromLoadEvent: stats(openFromLoad.filter(Number.isFinite)) };
    console.log(`/chat first bot reply, new window each time: from navigation start ${fmt(stats(fromStart))}; from the load event ${fmt(stats(fromLoad.filter(Number.isFinite)))}`);
    console.log(`/chat first bot reply, window already open, cache emptied: from navigation start ${fmt(stats(openFromStart))}; from the load event ${fmt(stats(openFromLoad.filter(Number.isFinite)))}`);
  }

  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
