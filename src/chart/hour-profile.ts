/**
 * Is the chart's hourly shape the route's own, or the network's? Model v1 has one set of hour
 * effects for all day routes (and one for night routes), so every day route rises and falls the
 * same way through the day and the route only moves the curve up or down. Riders should be told
 * so; a model with route-specific hours should not make the chart say it.
 *
 * The chart takes the answer as a flag (`profile` in RiskChartOptions). This module gives the
 * callers that flag: a model that declares `hourProfile` in its info is taken at its word;
 * otherwise the trip's day is compared with the same day of another route of the same kind, in
 * log-odds (where an additive model's hour effects are a shift): identical shapes mean 'network'.
 * So a retrained model flips the flag by itself, whichever way it goes.
 */
import type { DelayPredictor, HourlyRisk, ModelInfo } from '../model/types';
import type { HourProfile } from './risk-words';

export type { HourProfile } from './risk-words';

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(q / (1 - q));
}

/** Whether two days' hourly risks differ only by a constant in log-odds (the same shape). */
export function sameHourShape(a: readonly HourlyRisk[], b: readonly HourlyRisk[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  const shift = logit(a[0].probability) - logit(b[0].probability);
  for (let i = 0; i < a.length; i++) {
    if (a[i].hour !== b[i].hour) return false;
    if (Math.abs(logit(a[i].probability) - logit(b[i].probability) - shift) > 1e-6) return false;
  }
  return true;
}

/** A route and direction to compare with. */
export interface PeerRoute {
  route: number;
  direction: 'e' | 'w' | 'n' | 's';
}

/**
 * The profile of the hourly chart for a trip's day.
 * @param own the trip route's hours for the day (what the chart draws)
 * @param peer another route of the same kind (day or night), or undefined when there is none
 */
export function hourProfileOf(predictor: DelayPredictor, own: readonly HourlyRisk[], peer: PeerRoute | undefined, day: Date): HourProfile {
  const declared = (predictor.info as ModelInfo & { hourProfile?: unknown }).hourProfile;
  if (declared === 'network' || declared === 'route') return declared;
  if (!peer) return 'route';
  return sameHourShape(own, predictor.hourlyRisk(peer.route, peer.direction, day)) ? 'network' : 'route';
}
