/** What the rider is told when a turn could not be completed; the host (src/host) sends these. */
import type { Locale } from '../../chart/catalogue';
import { botWords } from './catalogue';

/** The turn failed on our side; the conversation starts fresh. */
export function turnFailedText(locale: Locale = 'en'): string {
  return botWords(locale).turn.failed;
}

/** Their message crossed with another one and lost the race for the conversation's state (eTag). */
export function conflictText(locale: Locale = 'en'): string {
  return botWords(locale).turn.conflict;
}

export const CONFLICT_TEXT = conflictText('en');
