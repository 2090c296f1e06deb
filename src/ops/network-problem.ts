/**
 * Why an outgoing fetch failed, in a few words for a log line or a CLI message: the network's own
 * code (ECONNREFUSED, ENOTFOUND …) when there is one: undici's "fetch failed" hides it in `cause`.
 * Used by the live alerts feed and the refresh.
 */
export function networkProblem(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (err instanceof Error && err.name === 'TimeoutError') return 'no answer in time';
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}
