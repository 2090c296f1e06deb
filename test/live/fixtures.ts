// GTFS-realtime fixtures the live-alert tests build themselves (gtfs-realtime-bindings, the same
// classes the server decodes with), and a local HTTP server that serves them — or garbage, a
// 500, nothing at all (a hang) or a body that never ends. Nothing here reaches outside 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { transit_realtime } from 'gtfs-realtime-bindings';

const { FeedMessage, Alert } = transit_realtime;
export const Effect = Alert.Effect;

/** 2026-11-24 16:20 in Toronto (a Tuesday): the trips' "now" in these tests. */
export const T = new Date('2026-11-24T16:20:00-05:00');
export const HOUR = 3_600_000;
export const at = (hours: number): Date => new Date(T.getTime() + hours * HOUR);
const secs = (d: Date): number => Math.floor(d.getTime() / 1000);

export interface AlertFixture {
  id: string;
  /** route_id of each informed entity; `{ routeType: 0 }` etc. for other selectors. */
  informed: transit_realtime.IEntitySelector[];
  header?: { text: string; language?: string }[];
  description?: string;
  effect?: number;
  /** Hours from T; a missing bound is open. */
  periods?: { start?: number; end?: number }[];
}

export const route = (routeId: string, extra: transit_realtime.IEntitySelector = {}): transit_realtime.IEntitySelector => ({ routeId, ...extra });

/** A FeedMessage (FULL_DATASET, header timestamp `feedTime`) with these alerts, as protobuf bytes. */
export function buildFeed(alerts: AlertFixture[], feedTime: Date = T): Uint8Array {
  const message = FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: 0, timestamp: secs(feedTime) },
    entity: alerts.map((a) => ({
      id: a.id,
      alert: {
        informedEntity: a.informed,
        ...(a.effect !== undefined ? { effect: a.effect } : {}),
        ...(a.header ? { headerText: { translation: a.header } } : {}),
        ...(a.description ? { descriptionText: { translation: [{ text: a.description, language: 'en' }] } } : {}),
        activePeriod: (a.periods ?? []).map((p) => ({
          ...(p.start !== undefined ? { start: secs(at(p.start)) } : {}),
          ...(p.end !== undefined ? { end: secs(at(p.end)) } : {}),
        })),
      },
    })),
  });
  return FeedMessage.encode(message).finish();
}

/** The feed the tests serve: the 504 detoured now, the 505 with reduced service, an expired and a future 504 alert. */
export const STANDARD_ALERTS: AlertFixture[] = [
  {
    id: 'ttc-504-detour',
    informed: [route('504', { agencyId: 'TTC', routeType: 0 })],
    header: [
      { text: '504 King : détour par Dufferin', language: 'fr' },
      { text: '504 King: detour via Dufferin St. due to a collision', language: 'en' },
    ],
    effect: Effect.DETOUR,
    periods: [{ start: -1, end: 2 }],
  },
  {
    id: 'ttc-505-reduced',
    informed: [route('505')],
    header: [{ text: '505 Dundas: reduced service, longer waits' }],
    effect: Effect.REDUCED_SERVICE,
  },
  {
    id: 'ttc-504-expired',
    informed: [route('504')],
    header: [{ text: '504 King: earlier delay at Spadina, now cleared', language: 'en' }],
    effect: Effect.SIGNIFICANT_DELAYS,
    periods: [{ start: -5, end: -3 }],
  },
  {
    id: 'ttc-504-future',
    informed: [route('504')],
    header: [{ text: '504 King: weekend diversion for track work', language: 'en' }],
    effect: Effect.MODIFIED_SERVICE,
    periods: [{ start: 96, end: 140 }],
  },
];

export type Mode = 'feed' | 'garbage' | 'html' | 'empty' | 'error' | 'hang' | 'drip';

export interface FeedServer {
  url: string;
  mode: Mode;
  body: Uint8Array;
  requests: number;
  close(): Promise<void>;
}

/** A GTFS-realtime server on 127.0.0.1: `mode` decides what the next request gets. */
export async function startFeedServer(body: Uint8Array = buildFeed(STANDARD_ALERTS)): Promise<FeedServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state: FeedServer = { url: '', mode: 'feed', body, requests: 0, close: async () => undefined };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests++;
    switch (state.mode) {
      case 'feed':
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end(Buffer.from(state.body));
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end(Buffer.from([0xff, 0x13, 0x37, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x42, 0x07, 0x99]));
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Maintenance</title><p>Back soon.</p>');
        return;
      case 'empty':
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end();
        return;
      case 'error':
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
        return;
      case 'hang':
        return; // never answers
      case 'drip': {
        // Headers at once, then a byte a second: the timeout covers the body too.
        res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': String(state.body.length) });
        const timer = setInterval(() => res.write(Buffer.from([0x0a])), 1000);
        timers.add(timer);
        res.on('close', () => clearInterval(timer));
        return;
      }
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts/all`;
  state.close = async () => {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
    await new Promise<void>((ok) => server.close(() => ok()));
  };
  return state;
}

/** A logger that keeps what it is told, for "one line per state change". */
export function recordingLogger(): { lines: { level: string; obj: Record<string, unknown>; msg: string }[]; info: Log; warn: Log; debug: Log } {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const log = (level: string): Log => (obj, msg) => lines.push({ level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
  return { lines, info: log('info'), warn: log('warn'), debug: log('debug') };
}
type Log = (obj: object, msg?: string) => void;
