/**
 * GTFS-realtime parsing: the bytes of a FeedMessage (protobuf) → the service alerts in it, as
 * plain values (src/live/alerts.ts). Decoding is gtfs-realtime-bindings' (the MobilityData
 * classes generated from gtfs-realtime.proto); everything after the decode is checked here, so a
 * body that is not a feed (an HTML error page, random bytes, an empty 200) is refused with a
 * FeedFormatError rather than read as "no alerts".
 */
import { transit_realtime } from 'gtfs-realtime-bindings';
import type { AlertSelector, LiveAlert, TimeRange } from './alerts';

const { FeedMessage } = transit_realtime;

/** The body is not a usable GTFS-realtime FeedMessage. */
export class FeedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedFormatError';
  }
}

/** One decoded copy of the alerts feed. */
export interface AlertFeedCopy {
  /** When this server received it. */
  receivedAt: Date;
  /** The feed header's timestamp (when the TTC produced it), if it gives a sane one. */
  feedTime?: Date;
  alerts: LiveAlert[];
}

// The shapes FeedMessage.toObject gives with { longs: Number, enums: Number, defaults: false }:
// a field the feed did not set is absent (so route_type 0 and "no route_type" differ).
interface Translation {
  text?: string;
  language?: string;
}
interface TranslatedObject {
  translation?: Translation[];
}
interface SelectorObject {
  agencyId?: string;
  routeId?: string;
  routeType?: number;
  stopId?: string;
  directionId?: number;
  trip?: { routeId?: string; tripId?: string; directionId?: number };
}
interface AlertObject {
  activePeriod?: { start?: number; end?: number }[];
  informedEntity?: SelectorObject[];
  cause?: number;
  effect?: number;
  headerText?: TranslatedObject;
  descriptionText?: TranslatedObject;
}
interface FeedObject {
  header?: { gtfsRealtimeVersion?: string; incrementality?: number; timestamp?: number };
  entity?: { id?: string; isDeleted?: boolean; alert?: AlertObject }[];
}

/** Longest header kept: the TTC's run to a sentence or two; a runaway one is cut. */
const MAX_TEXT = 300;
/** 2000-01-01 and 2100-01-01 in POSIX seconds: a time outside is a broken field, not a date. */
const EARLIEST = 946_684_800;
const LATEST = 4_102_444_800;

/** Feed text as one clean line: control characters and runs of white space become one space; cut to MAX_TEXT. */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1).trimEnd()}…` : line;
}

/** The English translation (language en, en-CA, …), else one without a language (the feed's own), else the first. */
export function pickTranslation(value: TranslatedObject | undefined): string | undefined {
  const texts = (value?.translation ?? [])
    .map((t) => ({ text: cleanText(t.text ?? ''), language: (t.language ?? '').trim().toLowerCase() }))
    .filter((t) => t.text !== '');
  const english = texts.find((t) => t.language === 'en' || t.language.startsWith('en-') || t.language.startsWith('en_'));
  return (english ?? texts.find((t) => t.language === '') ?? texts[0])?.text;
}

function seconds(value: number | undefined): number | undefined {
  // 0 is what an unset uint64 reads as in some producers: no bound, not 1970.
  if (value === undefined || !Number.isFinite(value) || value === 0) return undefined;
  return value;
}

function period(p: { start?: number; end?: number }): TimeRange | 'broken' {
  const start = seconds(p.start);
  const end = seconds(p.end);
  for (const t of [start, end]) if (t !== undefined && (t < EARLIEST || t > LATEST)) return 'broken';
  if (start !== undefined && end !== undefined && end < start) return 'broken';
  return { ...(start !== undefined ? { start: start * 1000 } : {}), ...(end !== undefined ? { end: end * 1000 } : {}) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function selector(e: SelectorObject): AlertSelector {
  const tripRouteId = text(e.trip?.routeId);
  return {
    ...(text(e.agencyId) ? { agencyId: text(e.agencyId) } : {}),
    ...(text(e.routeId) ? { routeId: text(e.routeId) } : {}),
    ...(e.routeType !== undefined ? { routeType: e.routeType } : {}),
    ...(text(e.stopId) ? { stopId: text(e.stopId) } : {}),
    ...(e.trip ? { trip: true } : {}),
    ...(tripRouteId ? { tripRouteId } : {}),
  };
}

/**
 * Decodes a FeedMessage and returns its alerts. Refuses (FeedFormatError) bytes that do not
 * decode, a feed without a header version, and a DIFFERENTIAL feed (this reader keeps whole
 * copies; the TTC publishes FULL_DATASET). Within a good feed, an alert with neither header
 * nor description text, or with an active period that is not a time range, is left out on its
 * own: one broken entity does not cost the others.
 */
export function parseAlertFeed(bytes: Uint8Array, receivedAt: Date): AlertFeedCopy {
  if (bytes.length === 0) throw new FeedFormatError('empty body');
  let feed: FeedObject;
  try {
    const message = FeedMessage.decode(bytes);
    feed = FeedMessage.toObject(message, { longs: Number, enums: Number, defaults: false, arrays: false }) as FeedObject;
  } catch (err) {
    throw new FeedFormatError(`not a GTFS-realtime FeedMessage (${(err as Error).message})`);
  }
  const version = text(feed.header?.gtfsRealtimeVersion);
  if (!version || !/^\d+(\.\d+)*$/.test(version)) throw new FeedFormatError('not a GTFS-realtime FeedMessage (no header version)');
  if (feed.header?.incrementality === 1) throw new FeedFormatError('a DIFFERENTIAL feed; only FULL_DATASET feeds are read');
  const stamp = seconds(feed.header?.timestamp);
  const feedTime = stamp !== undefined && stamp >= EARLIEST && stamp <= LATEST ? new Date(stamp * 1000) : undefined;

  const alerts: LiveAlert[] = [];
  const seen = new Set<string>();
  for (const [index, entity] of (feed.entity ?? []).entries()) {
    const a = entity.alert;
    if (!a || entity.isDeleted) continue;
    const header = pickTranslation(a.headerText) ?? pickTranslation(a.descriptionText);
    if (!header) continue;
    const periods = (a.activePeriod ?? []).map(period);
    if (periods.includes('broken')) continue;
    let id = text(entity.id) ?? `#${index}`;
    if (seen.has(id)) id = `${id}#${index}`;
    seen.add(id);
    alerts.push({
      id,
      header,
      ...(a.effect !== undefined ? { effect: a.effect } : {}),
      ...(a.cause !== undefined ? { cause: a.cause } : {}),
      periods: periods as TimeRange[],
      informed: (a.informedEntity ?? []).map(selector),
      // When it was published, as far as this reader can know: the feed's time of the copy it
      // first appeared in (src/live/feed.ts keeps the earliest across copies).
      firstSeen: (feedTime ?? receivedAt).getTime(),
    });
  }
  return { receivedAt, ...(feedTime ? { feedTime } : {}), alerts };
}
