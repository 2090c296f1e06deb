import { randomBytes } from 'node:crypto';
import type { Response } from 'restify';

/** A fresh nonce for one response (base64, 128 bits). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** sha256 of the empty string, as a CSP hash source. */
export const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

export interface CspOptions {
  /** Allows <style> elements carrying this nonce (Web Chat's CSS-in-JS). */
  styleNonce?: string;
}

/**
 * The Content-Security-Policy for every page: nothing from another host, no inline script, no
 * inline style, no plugins, no framing, forms only post back here. /chat additionally allows
 * style elements with the response's nonce (Web Chat inserts its CSS at run time) and data:/blob:
 * images (Adaptive Card images and Web Chat's own icons).
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  // Web Chat's own styles carry the nonce. Its scroll-to-bottom component creates one <style>
  // element without it, empty, and fills it through the CSSOM (which CSP does not restrict): the
  // hash of the empty string allows exactly that empty element and nothing else.
  const style = options.styleNonce ? `'self' 'nonce-${options.styleNonce}' '${EMPTY_STYLE_HASH}'` : `'self'`;
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `style-src ${style}`,
    `img-src 'self' data:${options.styleNonce ? ' blob:' : ''}`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `form-action 'self'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** Headers every response from the web module carries. */
export function setSecurityHeaders(res: Response, csp: string = contentSecurityPolicy()): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
