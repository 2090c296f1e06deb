/** The languages the bot, the pages and the chart speak, and how a BCP 47 tag maps onto one. */
export type Locale = 'en' | 'fr';

export const LOCALES: readonly Locale[] = ['en', 'fr'];

/** "fr-CA", "fr_FR", "FR" → 'fr'; "en-US" → 'en'; anything else (or nothing) → undefined. */
export function localeFromTag(tag: unknown): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = /^\s*([a-z]{2,3})(?:[-_]|\s*$)/i.exec(tag)?.[1]?.toLowerCase();
  return LOCALES.find((l) => l === primary);
}
