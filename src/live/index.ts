/**
 * Live TTC service alerts (GTFS-realtime) for the answers. One job per file:
 *
 *   feed.ts       the feed client and poller: background fetch with timeout, last good copy, logs
 *   gtfs-rt.ts    the GTFS-realtime parsing (gtfs-realtime-bindings) into plain alerts
 *   alerts.ts     the alert model and the selection for a trip (route, active period, effect words)
 *   incidents.ts  the alert → incident mapping for the model's recent-incident input
 *   predictor.ts  the predictor with `alerts` added to each Prediction
 *   render.ts     the alerts block of the bot's text and card and of the web page
 *
 * src/app.ts builds one LiveAlerts per server from the `live` settings, starts it when the
 * server listens and stops it when the server closes.
 */
import type { Config } from '../config';
import type { RecentIncidents } from '../pipeline/recent';
import type { PredictionAlert, Trip } from '../pipeline/types';
import { AlertsFeed, feedForLog, type FeedLogger, type FetchOutcome } from './feed';
import type { LiveIncident } from './incidents';

export interface LiveAlerts {
  readonly enabled: boolean;
  /** Between start() and stop(). */
  readonly polling: boolean;
  /** Starts polling in the background (no-op when off or already polling). */
  start(): void;
  /** Stops polling; resolves once a fetch under way has been aborted. */
  stop(): Promise<void>;
  /** One poll now; 'off' when live alerts are off. */
  refresh(): Promise<FetchOutcome | 'stopped' | 'off'>;
  /** The alerts an answer about `route` at `at` shows (synchronous: the last good copy). */
  alertsFor(route: number, at: Date): PredictionAlert[];
  /**
   * The model's recent-incident input for a trip from the alerts in memory (incidents.ts): for
   * trips from this clock hour to a few hours ahead on a route with alerts; undefined (the
   * calendar-only answer, "unknown") otherwise, and always when off or the feed is down.
   */
  recentFor(trip: Trip): RecentIncidents | undefined;
  /** Alerts as incidents `{ route, direction: 'b', time }` for trips in the next few hours (incidents.ts). */
  incidents(options?: { hoursAhead?: number; hoursBack?: number; clip?: boolean }): LiveIncident[];
  /** Seconds since the last good copy; undefined before the first. */
  ageSeconds(): number | undefined;
  alertCount(): number;
}

export interface LiveDeps {
  logger?: FeedLogger;
  clock?: () => Date;
  onFetch?: (outcome: FetchOutcome) => void;
}

const OFF: LiveAlerts = {
  enabled: false,
  polling: false,
  start: () => undefined,
  stop: async () => undefined,
  refresh: async () => 'off',
  alertsFor: () => [],
  recentFor: () => undefined,
  incidents: () => [],
  ageSeconds: () => undefined,
  alertCount: () => 0,
};

/** The live alerts the `live` settings ask for: a poller of `alertsUrl`, or nothing at all when off. */
export function createLiveAlerts(settings: Config['live'], deps: LiveDeps = {}): LiveAlerts {
  if (!settings.enabled) return OFF;
  const feed = new AlertsFeed({
    url: settings.alertsUrl,
    pollSeconds: settings.pollSeconds,
    timeoutMs: settings.timeoutMs,
    logger: deps.logger,
    clock: deps.clock,
    onFetch: deps.onFetch,
  });
  return {
    enabled: true,
    get polling() {
      return feed.polling;
    },
    start() {
      if (feed.polling) return;
      deps.logger?.info({ feed: feedForLog(settings.alertsUrl), pollSeconds: settings.pollSeconds, timeoutMs: settings.timeoutMs }, 'live alerts: polling the TTC feed');
      feed.start();
    },
    stop: () => feed.stop(),
    refresh: () => feed.refresh(),
    alertsFor: (route, at) => feed.alertsFor(route, at),
    recentFor: (trip) => feed.recentFor(trip),
    incidents: (options) => feed.incidents(options),
    ageSeconds: () => feed.ageSeconds(),
    alertCount: () => feed.alertCount(),
  };
}

export { AlertsFeed, FETCH_OUTCOMES, type FetchOutcome } from './feed';
export { withAlerts } from './predictor';
export { alertsCardElements, alertsSection, alertsText } from './render';
