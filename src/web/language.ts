/**
 * The language of a page: an explicit choice in the address (?lang=fr, ?lang=en) first, then the
 * browser's Accept-Language (the first language we have, by its q-value), else English.
 */
import type { Request } from 'restify';
import { localeFromTag, type Locale } from '../chart/catalogue';

export interface PageLanguage {
  locale: Locale;
  /** Chosen in the address: links and the form carry it on. */
  explicit: boolean;
}

/** Accept-Language's languages, best first: "fr-CA,fr;q=0.9,en;q=0.5" → fr-CA, fr, en. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 400)
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((l) => l.tag !== '' && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((l) => l.tag);
}

/** The language for a page, from `lang` in the query and the Accept-Language header. */
export function pageLanguage(query: Record<string, string>, acceptLanguage: string | undefined): PageLanguage {
  const chosen = localeFromTag(query.lang);
  if (chosen) return { locale: chosen, explicit: true };
  for (const tag of acceptedLanguages(acceptLanguage)) {
    const locale = localeFromTag(tag);
    if (locale) return { locale, explicit: false };
  }
  return { locale: 'en', explicit: false };
}

export function requestLanguage(req: Request, query: Record<string, string>): PageLanguage {
  return pageLanguage(query, req.header('accept-language'));
}
