import http from 'node:http';
import https from 'node:https';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/** A reply the channel refused or that could not be delivered: the status and why, never the request or its token. */
export class ReplyPostError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'ReplyPostError';
  }
}

export interface ReplyPosterOptions {
  /** How long one reply may take in all, retries included. */
  timeoutMs: number;
  /** Retries after the first attempt, as the SDK's pipeline does (default 3). */
  retries?: number;
  /** The first retry's delay; later ones double (default 1 s, as the SDK's). */
  retryDelayMs?: number;
}

type Credentials = ConnectorClient['credentials'];

/** The part of a WebResource that the Bot Framework credentials' signRequest touches. */
interface SignableRequest {
  headers: { set(name: string, value: string): void };
}

/**
 * Posts the bot's replies to the channel: the two Bot Framework Connector calls every turn makes,
 * `POST v3/conversations/{id}/activities[/{replyToId}]`, as a JSON body over a kept-alive
 * connection, signed by the same credentials as the SDK's client (a bearer token when the bot
 * has an app id).
 *
 * The SDK's generated client walks its OpenAPI model to serialize each activity and runs an
 * Azure HTTP pipeline per call: 0.43–0.54 ms of CPU per answer card against 0.16–0.17 ms for
 * this (`npm run bench:reply`, docs/PERFORMANCE.md), in a turn that cost ~2.3 ms in all. Behaviour kept
 * from that pipeline: retries on network errors, 408, 429 and 5xx (not 501/505) with exponential
 * back-off and Retry-After, within the reply deadline. Every other connector call (members,
 * updates, deletes…) still goes through the SDK's client.
 */
export class ReplyPoster {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };

  constructor(private readonly options: ReplyPosterOptions) {}

  /**
   * Makes `client` (made for `serviceUrl`) post its replies through this poster (the same client object, so caches and
   * callers are unchanged). Left as it is behind an outbound proxy (HTTPS_PROXY and the like),
   * which the SDK's pipeline knows how to use.
   */
  install(client: ConnectorClient, serviceUrl: string, env: NodeJS.ProcessEnv = process.env): ConnectorClient {
    if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) return client;
    let base: URL;
    try {
      base = new URL(serviceUrl);
    } catch {
      return client;
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') return client;
    const root = base.href.replace(/\/+$/, '');
    const credentials = client.credentials;
    const conversations = client.conversations;
    const send = (path: string, activity: Partial<Activity>, extra: Record<string, string>) => this.post(`${root}/${path}`, activity, credentials, extra);
    // The overloads with callbacks are not used by CloudAdapter; plain promise calls are.
    conversations.sendToConversation = ((conversationId: string, activity: Partial<Activity>) =>
      send(`v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity, {})) as typeof conversations.sendToConversation;
    conversations.replyToActivity = ((conversationId: string, activityId: string, activity: Partial<Activity>) =>
      send(`v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, activity, {
        'x-ms-conversation-id': conversationId,
      })) as typeof conversations.replyToActivity;
    return client;
  }

  /** POSTs one activity, retrying what the SDK would retry, within the deadline. */
  async post(url: string, activity: Partial<Activity>, credentials: Credentials, extra: Record<string, string> = {}): Promise<ResourceResponse> {
    const { timeoutMs, retries = 3, retryDelayMs = 1000 } = this.options;
    const deadline = Date.now() + timeoutMs;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...extra };
    const signable: SignableRequest = { headers: { set: (name, value) => (headers[name.toLowerCase()] = value) } };
    await credentials.signRequest(signable as unknown as Parameters<Credentials['signRequest']>[0]);
    const body = JSON.stringify(activity);
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) throw new ReplyPostError(`the channel did not accept the reply within ${timeoutMs} ms`);
      let outcome: { status: number; text: string; retryAfter?: string } | { error: Error };
      try {
        outcome = await this.once(url, body, headers, left);
      } catch (err) {
        outcome = { error: err as Error };
      }
      if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) return parseResource(outcome.text);
      const retryable = 'error' in outcome || isRetryable(outcome.status);
      const wait = 'status' in outcome && outcome.retryAfter ? retryAfterMs(outcome.retryAfter) : backoff(retryDelayMs, attempt);
      if (!retryable || attempt >= retries || Date.now() + wait >= deadline) {
        if ('error' in outcome) throw new ReplyPostError(`the reply could not be delivered: ${outcome.error.message}`);
        throw new ReplyPostError(`the channel answered ${outcome.status} to a reply`, outcome.status);
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private once(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string; retryAfter?: string }> {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        target,
        { method: 'POST', agent: this.agents[target.protocol as 'http:' | 'https:'], headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode ?? 0, text, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** 1 s, 2 s, 4 s… with ±20% jitter, as the SDK's exponential retry. */
function backoff(baseMs: number, attempt: number): number {
  return baseMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
}

function retryAfterMs(value: string): number {
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

/** The channel's answer: a ResourceResponse ({ id }), or nothing (some channels answer 200 with no body). */
function parseResource(text: string): ResourceResponse {
  // As the SDK's client: no id when the channel gave none.
  const none = {} as ResourceResponse;
  if (!text) return none;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return { id: (value as { id: string }).id };
  } catch {
    // not JSON: the reply was accepted all the same
  }
  return none;
}
