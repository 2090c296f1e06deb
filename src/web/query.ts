import type { Request } from 'restify';

/**
 * The query string as single values (the first of repeated names), read from the URL itself so it
 * does not depend on whether a query parser plugin is installed.
 */
export function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  const url = req.url ?? '';
  const at = url.indexOf('?');
  if (at < 0) return out;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(at + 1));
  } catch {
    return out;
  }
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}
