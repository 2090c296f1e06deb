import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DelayPredictor } from '../model/types';

/** Latency buckets in seconds: a prediction turn should finish well under 0.1 s. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics the process exposes at GET /metrics. One registry per process (tests
 * build several), with Node's default process metrics (memory, event loop lag, GC) included.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Bot turns by activity type and outcome (ok, error, conflict). */
  readonly turns = new Counter({
    name: 'bot_turns_total',
    help: 'Bot turns processed, by activity type and outcome (ok, error, conflict).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly turnSeconds = new Histogram({
    name: 'bot_turn_duration_seconds',
    help: 'Time from an activity reaching the bot to its turn being finished (replies sent, state saved).',
    labelNames: ['type'] as const,
    buckets: TURN_BUCKETS,
    registers: [this.registry],
  });
  readonly turnsInFlight = new Gauge({
    name: 'bot_turns_in_flight',
    help: 'Bot turns being processed now.',
    registers: [this.registry],
  });
  readonly predictions = new Counter({
    name: 'predictions_total',
    help: 'Trips scored by the model (bot, pages, API).',
    registers: [this.registry],
  });
  /** Errors by kind: turn (the bot threw), reply (the channel refused or timed out), conflict (eTag), http (5xx). */
  readonly errors = new Counter({
    name: 'errors_total',
    help: 'Errors by kind: turn, reply, conflict, http.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly httpResponses = new Counter({
    name: 'http_responses_total',
    help: 'HTTP responses by route group and status class.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'http_rate_limited_total',
    help: 'Requests refused with 429 by the per-client rate limit.',
    registers: [this.registry],
  });

  /** SIGHUP model reloads by outcome: ok (the newest valid version answers now), failed (the loaded one stays). */
  readonly modelReloads = new Counter({
    name: 'model_reloads_total',
    help: 'Model reloads (SIGHUP) by outcome: ok, failed (the loaded model stays).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** live alerts (src/live): polls of the TTC feed by outcome; registered by watchLiveAlerts, when live alerts are on. */
  private liveFetches?: Counter<'outcome'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    for (const kind of ['turn', 'reply', 'conflict', 'http']) this.errors.inc({ kind }, 0);
    this.predictions.inc(0);
    for (const outcome of ['ok', 'failed']) this.modelReloads.inc({ outcome }, 0);
  }

  /** The predictor with every scored trip counted; behaves exactly like the one given. */
  countPredictions(predictor: DelayPredictor): DelayPredictor {
    const predictions = this.predictions;
    return {
      get info() {
        return predictor.info;
      },
      predict(trip, recent) {
        const result = predictor.predict(trip, recent);
        predictions.inc();
        return result;
      },
      predictBatch(trips, recent) {
        const result = predictor.predictBatch(trips, recent);
        predictions.inc(result.length);
        return result;
      },
      hourlyRisk: (route, direction, day) => predictor.hourlyRisk(route, direction, day),
    };
  }

  /**
   * live alerts (src/live): registers live_alerts_fetch_total{outcome} (each outcome from 0),
   * live_alerts_age_seconds (+Inf before the first good copy, so an alert on "too old" fires
   * then too) and live_alerts (alerts in the last good copy). Only called when live alerts are
   * on, so a server without them shows none of these.
   */
  watchLiveAlerts(feed: { ageSeconds(): number | undefined; alertCount(): number }, outcomes: readonly string[]): void {
    if (this.liveFetches) return;
    this.liveFetches = new Counter({
      name: 'live_alerts_fetch_total',
      help: 'Polls of the TTC live alerts feed by outcome: ok, timeout, http_error, network_error, bad_feed, too_large.',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
    });
    for (const outcome of outcomes) this.liveFetches.inc({ outcome }, 0);
    new Gauge({
      name: 'live_alerts_age_seconds',
      help: 'Seconds since the last good copy of the TTC live alerts feed (+Inf before the first).',
      registers: [this.registry],
      collect() {
        this.set(feed.ageSeconds() ?? Infinity);
      },
    });
    new Gauge({
      name: 'live_alerts',
      help: 'Alerts in the last good copy of the TTC live alerts feed.',
      registers: [this.registry],
      collect() {
        this.set(feed.alertCount());
      },
    });
  }

  /** live alerts: one poll of the feed ended with `outcome`. */
  countLiveAlertsFetch(outcome: string): void {
    this.liveFetches?.inc({ outcome });
  }

  /** The text exposition format for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
