/** What the wording tests look for: a chance worded as a likely delay. */
import { strict as assert } from 'node:assert';

/**
 * "a delay is likely", "delays are very likely", "likely to be delayed", "likely delay", "late
 * is likely": any wording that tells a rider to expect a delay.
 */
export const LIKELY_DELAY = /\b(delays?|delayed|late)\b(\s+[\w’']+){0,3}?\s+(very\s+)?likely\b|\blikely\b(\s+[\w’']+){0,3}?\s+(delays?|delayed|late)\b/i;

/** Fails when `text` words a chance as a likely delay. */
export function assertNotWordedLikely(text: string, where: string): void {
  const m = LIKELY_DELAY.exec(text);
  assert.ok(!m, `${where}: "${m?.[0]}" words the chance as a likely delay in: ${text.slice(Math.max(0, (m?.index ?? 0) - 80), (m?.index ?? 0) + 80)}`);
}
