import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { renderChatPage } from '../../web/pages';
import { contentSecurityPolicy, newNonce, setSecurityHeaders } from '../../web/security';
import { webChatBundleReady } from '../../web/webchat-bundle';
import { DirectLineBridge, deliverThroughMessagesEndpoint, type DeliverToBot } from './directline';

/** Base URL of this server as seen from itself (for the bridge's call to /api/messages). */
export function selfBaseUrl(server: Server): string {
  const addr = server.address() as AddressInfo | string | null;
  if (!addr || typeof addr === 'string') throw new Error('the server is not listening on a TCP port');
  const any = addr.address === '::' || addr.address === '0.0.0.0' || addr.address === '';
  const host = any ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host}:${addr.port}`;
}

export interface ChatRouteOptions {
  logger: Logger;
  /** Set when the bot has an app id: the bridge's unauthenticated posts would then be refused. */
  appIdSet: boolean;
  /** How the Direct Line reaches the bot; by default this server's own POST /api/messages. */
  deliverToBot?: DeliverToBot;
  /** Who a request comes from, for the per-client caps (default: the socket's address). */
  clientOf?: (req: Request) => string;
}

/**
 * GET /chat (Microsoft Web Chat) and the local Direct Line it talks to, so the bot can be tried in
 * a browser with no Azure account. Each page load gets a token for one conversation.
 */
export function registerChatRoute(server: Server, options: ChatRouteOptions): DirectLineBridge {
  const { logger } = options;
  if (options.appIdSet && !options.deliverToBot) {
    logger.warn({}, 'web.chat is on while MicrosoftAppId is set: the local Direct Line posts to /api/messages without a token, which the adapter will refuse');
  }
  const directLine = new DirectLineBridge({
    deliver: options.deliverToBot ?? deliverThroughMessagesEndpoint(() => selfBaseUrl(server)),
    serviceUrl: () => selfBaseUrl(server),
    logger,
  });
  directLine.register(server);
  server.get('/chat', (req: Request, res: Response, next) => {
    const nonce = newNonce();
    const bundleReady = webChatBundleReady();
    // Behind App Service's front end the socket's address is the proxy's: ask the rate limiter's rule.
    const client = options.clientOf?.(req) ?? req.socket.remoteAddress ?? 'unknown';
    const { token, userId } = directLine.issueToken({ open: bundleReady, client });
    setSecurityHeaders(res, contentSecurityPolicy({ styleNonce: nonce }));
    res.sendRaw(200, renderChatPage({ token, userId, styleNonce: nonce, bundleReady }), {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    return next();
  });
  return directLine;
}
