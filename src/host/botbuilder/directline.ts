/**
 * A small local Direct Line (v3, polling only) so Microsoft Web Chat at /chat can talk to this bot
 * with no Azure account. Web Chat's `createDirectLine({ domain, token, webSocket: false })` uses:
 *
 *   POST /v3/directline/conversations                          start (token from the /chat page)
 *   POST /v3/directline/tokens/refresh                          keep the token alive
 *   POST /v3/directline/conversations/:id/activities            the user's activity → { id }
 *   GET  /v3/directline/conversations/:id/activities?watermark= activities after the watermark
 *
 * Each user activity goes into the bot through the same CloudAdapter as every channel: the bridge
 * posts it to the server's own /api/messages with deliveryMode "expectReplies", so the adapter
 * returns the bot's replies in the HTTP response instead of calling a channel's serviceUrl. The
 * replies are stored in the conversation for polling. Nothing is persisted: conversations live in
 * memory and expire.
 *
 * Everything here is reachable by anyone who can load /chat, so every amount is bounded (see
 * LIMITS): what one conversation keeps (user typing is not kept at all; activities the client has
 * already read give way to new ones), what one poll answers, how much one client address can hold,
 * and how deep a posted value may nest (the JSON.stringify on the way to the bot recurses).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as restify from 'restify';
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { TURN_FAILED_TEXT } from '../../bot/replies/turn-problems';
import { queryOf } from '../../web/query';
import { isJsonContentType } from '../../ops/http';
import { depthOver } from './activity-guard';

/** The parts of a Bot Framework activity the bridge reads and writes. */
export interface BridgeActivity {
  type: string;
  id?: string;
  timestamp?: string;
  localTimestamp?: string;
  channelId?: string;
  serviceUrl?: string;
  from?: { id: string; name?: string; role?: string };
  recipient?: { id: string; name?: string; role?: string };
  conversation?: { id: string };
  replyToId?: string;
  text?: string;
  textFormat?: string;
  locale?: string;
  value?: unknown;
  name?: string;
  attachments?: unknown[];
  attachmentLayout?: string;
  suggestedActions?: unknown;
  inputHint?: string;
  speak?: string;
  entities?: unknown[];
  channelData?: unknown;
  membersAdded?: { id: string; name?: string; role?: string }[];
  deliveryMode?: string;
  [key: string]: unknown;
}

/** Sends one activity into the bot and resolves with the activities it replied with. */
export type DeliverToBot = (activity: BridgeActivity) => Promise<BridgeActivity[]>;

/** The defaults of DirectLineOptions' limits. */
export const LIMITS = {
  tokenLifetimeSeconds: 3600,
  /** Last resort across all clients; the least recently used conversation goes first. */
  maxConversations: 1000,
  /** Tokens (page loads) one client address holds at once, each with at most one conversation. */
  maxConversationsPerClient: 20,
  /** Stored activity JSON one conversation keeps, and one client across its conversations. */
  maxBytesPerConversation: 256 * 1024,
  maxBytesPerClient: 1024 * 1024,
  maxActivitiesPerConversation: 1000,
  /** A poll answers at most this many; the watermark then points at the rest. */
  maxActivitiesPerPoll: 50,
  maxBodyBytes: 64 * 1024,
  maxTextLength: 2000,
  /** Web Chat sends about 100 bytes (clientActivityID, clientTimestamp). */
  maxChannelDataBytes: 4096,
  /** Objects and arrays inside objects and arrays, the activity itself being the first level. */
  maxDepth: 32,
};

export interface DirectLineOptions extends Partial<typeof LIMITS> {
  deliver: DeliverToBot;
  logger?: Pick<Logger, 'warn' | 'error' | 'debug'>;
  /** Where the bot's replies would go if it ever sent outside a turn; not called with expectReplies. */
  serviceUrl: () => string;
  botId?: string;
  botName?: string;
  /** For tests: the clock. */
  now?: () => number;
}

interface TokenGrant {
  token: string;
  userId: string;
  /** The address the token was issued to: the unit of the per-client caps. */
  client: string;
  expires: number;
  lastUsed: number;
  conversationId?: string;
}

/** One stored activity, serialized once: polls send the JSON as it is. */
interface Stored {
  json: string;
  bytes: number;
}

interface Conversation {
  id: string;
  grant: TokenGrant;
  /** Activities from watermark `first` on; older ones were read by the client and dropped. */
  activities: Stored[];
  first: number;
  /** The highest watermark the client has polled with: it has everything before it. */
  read: number;
  bytes: number;
  /** Turns run one after another, in the order the user sent them. */
  queue: Promise<void>;
  seq: number;
}

const BRIDGE_TYPES = new Set(['message', 'typing', 'event', 'endOfConversation']);
/** Activity types a user may post; everything else is refused. */
const USER_TYPES = new Set(['message', 'event', 'typing']);

function conversationIdOf(req: Request): string {
  return String(req.params?.conversationId ?? '');
}

function sendJson(res: Response, status: number, body: string): void {
  res.sendRaw(status, body, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
}


export class DirectLineBridge {
  private readonly tokens = new Map<string, TokenGrant>();
  /** Each client's tokens, oldest first. */
  private readonly clients = new Map<string, Set<string>>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly now: () => number;
  private readonly botId: string;
  private readonly botName: string;
  private readonly limits: typeof LIMITS;

  constructor(private readonly options: DirectLineOptions) {
    this.now = options.now ?? Date.now;
    this.botId = options.botId ?? 'streetcar-delay-bot';
    this.botName = options.botName ?? 'Streetcar delay bot';
    this.limits = { ...LIMITS };
    for (const key of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) this.limits[key] = options[key] ?? LIMITS[key];
  }

  /**
   * A token for one /chat page load from `client` (its address): it may start one conversation, as
   * a fresh anonymous user. A client over its cap loses its own least recently used token, never
   * another client's. With `open`, the conversation is opened at once, so the bot's greeting is
   * being written while the browser is still starting Web Chat; Web Chat's own start resumes it.
   */
  issueToken(options: { client: string; open?: boolean }): { token: string; userId: string } {
    this.sweep();
    const token = randomBytes(24).toString('base64url');
    // Not "dl_": Web Chat reserves that prefix for ids embedded in Azure Direct Line tokens.
    const userId = `web_${randomBytes(8).toString('hex')}`;
    const now = this.now();
    const grant: TokenGrant = { token, userId, client: options.client, expires: now + this.limits.tokenLifetimeSeconds * 1000, lastUsed: now };
    this.tokens.set(token, grant);
    const own = this.clients.get(grant.client) ?? new Set<string>();
    this.clients.set(grant.client, own.add(token));
    this.trimClient(grant);
    if (options.open) this.open(grant);
    return { token, userId };
  }

  get conversationCount(): number {
    return this.conversations.size;
  }

  register(server: Server): void {
    // restify 11 handlers without `next` must return a promise.
    server.post('/v3/directline/conversations', async (req: Request, res: Response) => this.start(req, res));
    server.post('/v3/directline/tokens/refresh', async (req: Request, res: Response) => this.refresh(req, res));
    server.get('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => this.poll(req, res));
    const readBody = [restify.plugins.bodyReader({ maxBodySize: this.limits.maxBodyBytes }), ...restify.plugins.jsonBodyParser({ bodyReader: true })];
    server.post(
      '/v3/directline/conversations/:conversationId/activities',
      // The token first, so nobody without one makes the server read a body.
      (req: Request, res: Response, next: Next) => next(this.conversationFor(req, res) ? undefined : false),
      (req: Request, res: Response, next: Next) => this.requireJson(req, res, next),
      ...readBody.map((handler) => this.answeringErrors(handler)),
      async (req: Request, res: Response) => this.post(req, res),
    );
  }

  /**
   * Answers in Direct Line's shape and logs the refusal: a warning, except for expired tokens (tabs
   * left open overnight). Never the token: nothing here is given it.
   */
  private refuse(res: Response, status: number, code: string, message: string, conversationId?: string): void {
    const fields = { status, code, problem: message, conversationId };
    if (code === 'TokenExpired') this.options.logger?.debug(fields, 'local Direct Line refused a request');
    else this.options.logger?.warn(fields, 'local Direct Line refused a request');
    sendJson(res, status, JSON.stringify({ error: { code, message } }));
  }

  /** JSON only, and not compressed: a gzip body could inflate far past the size limit. */
  private requireJson(req: Request, res: Response, next: Next): void {
    const encoding = req.header('content-encoding');
    if (encoding && encoding.toLowerCase() !== 'identity') {
      this.refuse(res, 415, 'BadArgument', 'send the activity uncompressed (no Content-Encoding)', conversationIdOf(req));
      return next(false);
    }
    if (!isJsonContentType(req.header('content-type'))) {
      this.refuse(res, 415, 'BadArgument', 'send the activity as JSON (Content-Type: application/json)', conversationIdOf(req));
      return next(false);
    }
    return next();
  }

  /** Runs one of restify's body handlers, answering its errors (413, bad JSON) as Direct Line does. */
  private answeringErrors(handler: RequestHandler): RequestHandler {
    return (req: Request, res: Response, next: Next) =>
      handler(req, res, (err?: unknown) => {
        if (!(err instanceof Error)) return next();
        const status = (err as Error & { statusCode?: number }).statusCode === 413 ? 413 : 400;
        const code = status === 413 ? 'MessageSizeTooBig' : 'BadSyntax';
        // Not restify's message: V8's JSON errors quote the body, and this goes into the log.
        const message = status === 413 ? `the body is larger than ${this.limits.maxBodyBytes} bytes` : 'the body is not valid JSON';
        this.refuse(res, status, code, message, conversationIdOf(req));
        return next(false);
      });
  }

  private bearer(req: Request): string | undefined {
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return m ? m[1] : undefined;
  }

  private grant(req: Request): TokenGrant | undefined {
    const token = this.bearer(req);
    const grant = token === undefined ? undefined : this.tokens.get(token);
    if (!grant || grant.expires < this.now()) return undefined;
    grant.lastUsed = this.now();
    return grant;
  }

  private start(req: Request, res: Response): void {
    const grant = this.grant(req);
    if (!grant) return this.refuse(res, 403, 'TokenExpired', 'a valid token from the /chat page is required');
    const { conversation, created } = this.open(grant);
    const expiresIn = Math.round((grant.expires - this.now()) / 1000);
    sendJson(res, created ? 201 : 200, JSON.stringify({ conversationId: conversation.id, token: grant.token, expires_in: expiresIn }));
  }

  /** The token's conversation, opened (and the bot told who joined) if it has none yet. */
  private open(grant: TokenGrant): { conversation: Conversation; created: boolean } {
    const existing = grant.conversationId ? this.conversations.get(grant.conversationId) : undefined;
    if (existing) return { conversation: existing, created: false };
    this.sweep();
    while (this.conversations.size >= this.limits.maxConversations) this.dropLeastRecentlyUsed();
    const conversation: Conversation = { id: randomUUID(), grant, activities: [], first: 0, read: 0, bytes: 0, queue: Promise.resolve(), seq: 0 };
    grant.conversationId = conversation.id;
    this.conversations.set(conversation.id, conversation);
    // As Direct Line does: tell the bot who joined, so it can greet.
    this.enqueue(conversation, {
      type: 'conversationUpdate',
      from: { id: grant.userId, role: 'user' },
      membersAdded: [
        { id: this.botId, name: this.botName, role: 'bot' },
        { id: grant.userId, name: 'You', role: 'user' },
      ],
    });
    return { conversation, created: true };
  }

  private refresh(req: Request, res: Response): void {
    const grant = this.grant(req);
    if (!grant) return this.refuse(res, 403, 'TokenExpired', 'the token has expired; reload the page');
    grant.expires = this.now() + this.limits.tokenLifetimeSeconds * 1000;
    sendJson(res, 200, JSON.stringify({ conversationId: grant.conversationId, token: grant.token, expires_in: this.limits.tokenLifetimeSeconds }));
  }

  private conversationFor(req: Request, res: Response): Conversation | undefined {
    const grant = this.grant(req);
    if (!grant) {
      this.refuse(res, 403, 'TokenExpired', 'a valid token is required');
      return undefined;
    }
    const conversation = this.conversations.get(conversationIdOf(req));
    if (!conversation) {
      this.refuse(res, 404, 'BadArgument', 'no such conversation');
      return undefined;
    }
    if (conversation.grant !== grant) {
      this.refuse(res, 403, 'Forbidden', 'this token is for another conversation');
      return undefined;
    }
    return conversation;
  }

  private poll(req: Request, res: Response): void {
    const c = this.conversationFor(req, res);
    if (!c) return;
    const end = c.first + c.activities.length;
    const text = queryOf(req).watermark ?? '';
    const watermark = /^\d{1,9}$/.test(text) ? Math.min(Number(text), end) : 0;
    // Polling from a watermark says everything before it arrived: that much may now be dropped.
    c.read = Math.max(c.read, watermark);
    const from = Math.max(watermark, c.first);
    const page = c.activities.slice(from - c.first, from - c.first + this.limits.maxActivitiesPerPoll);
    sendJson(res, 200, `{"activities":[${page.map((a) => a.json).join(',')}],"watermark":"${from + page.length}"}`);
  }

  /** The checks on a posted activity: the problem, or undefined when it may be taken. */
  private problemWith(incoming: Partial<BridgeActivity>): string | undefined {
    const { maxTextLength: maxText, maxDepth, maxChannelDataBytes: maxChannelData } = this.limits;
    if (typeof incoming.type !== 'string' || !USER_TYPES.has(incoming.type)) return `activity type must be one of ${[...USER_TYPES].join(', ')}`;
    if (incoming.text !== undefined && (typeof incoming.text !== 'string' || incoming.text.length > maxText)) {
      return `text must be a string of at most ${maxText} characters`;
    }
    if (depthOver(incoming, maxDepth)) return `the activity nests objects and arrays more than ${maxDepth} levels deep`;
    if (incoming.channelData !== undefined && Buffer.byteLength(JSON.stringify(incoming.channelData)) > maxChannelData) {
      return `channelData must be at most ${maxChannelData} bytes of JSON`;
    }
    return undefined;
  }

  private post(req: Request, res: Response): void {
    // Again after the body was read: the conversation may have been dropped meanwhile.
    const conversation = this.conversationFor(req, res);
    if (!conversation) return;
    const body: unknown = (req as Request & { body?: unknown }).body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return this.refuse(res, 400, 'BadArgument', 'the body must be one activity (a JSON object)', conversation.id);
    }
    const incoming = body as Partial<BridgeActivity>;
    const problem = this.problemWith(incoming);
    if (problem) return this.refuse(res, 400, 'BadArgument', problem, conversation.id);
    const { userId } = conversation.grant;
    if (incoming.type === 'typing') {
      // Nobody reads the user's own typing back, and the bot does not use it: keep nothing.
      const { id } = this.stamp(conversation, { type: 'typing' });
      return sendJson(res, 200, JSON.stringify({ id }));
    }
    // Never trust who the client says it is: the user is the one the token was issued to.
    const activity: BridgeActivity = {
      type: String(incoming.type),
      text: incoming.text,
      textFormat: typeof incoming.textFormat === 'string' ? incoming.textFormat.slice(0, 20) : undefined,
      locale: typeof incoming.locale === 'string' ? incoming.locale.slice(0, 20) : undefined,
      localTimestamp: typeof incoming.localTimestamp === 'string' ? incoming.localTimestamp.slice(0, 40) : undefined,
      value: incoming.value,
      name: typeof incoming.name === 'string' ? incoming.name.slice(0, 200) : undefined,
      attachments: Array.isArray(incoming.attachments) ? incoming.attachments.slice(0, 10) : undefined,
      entities: Array.isArray(incoming.entities) ? incoming.entities.slice(0, 10) : undefined,
      // Kept: Web Chat finds its own message in the echo by channelData.clientActivityID.
      channelData: incoming.channelData,
      from: { id: userId, name: 'You', role: 'user' },
    };
    const stored = this.append(conversation, activity);
    if (!stored) {
      return this.refuse(res, 403, 'ConversationSizeTooBig', 'this conversation is full: read its activities, or reload the page to start another', conversation.id);
    }
    sendJson(res, 200, JSON.stringify({ id: stored.id }));
    this.enqueue(conversation, stored);
  }

  private stamp(conversation: Conversation, activity: BridgeActivity): BridgeActivity {
    conversation.seq += 1;
    return {
      ...activity,
      id: `${conversation.id}|${String(conversation.seq).padStart(7, '0')}`,
      timestamp: new Date(this.now()).toISOString(),
      channelId: 'directline',
      conversation: { id: conversation.id },
      serviceUrl: this.options.serviceUrl(),
    };
  }

  /**
   * Stores the activity for polling, dropping activities the client has already read to make room.
   * Undefined when it does not fit: what the client has not read yet fills the conversation.
   */
  private append(c: Conversation, activity: BridgeActivity): BridgeActivity | undefined {
    const stored = this.stamp(c, activity);
    const json = JSON.stringify(stored);
    const bytes = Buffer.byteLength(json);
    const { maxBytesPerConversation: maxBytes, maxActivitiesPerConversation: maxCount } = this.limits;
    while (c.activities.length > 0 && c.first < c.read && (c.bytes + bytes > maxBytes || c.activities.length >= maxCount)) {
      c.bytes -= c.activities[0].bytes;
      c.activities.shift();
      c.first += 1;
    }
    if (c.bytes + bytes > maxBytes || c.activities.length >= maxCount) return undefined;
    c.activities.push({ json, bytes });
    c.bytes += bytes;
    this.trimClient(c.grant);
    return stored;
  }

  private enqueue(conversation: Conversation, activity: BridgeActivity): void {
    const inbound: BridgeActivity = {
      ...(activity.id ? activity : this.stamp(conversation, activity)),
      recipient: { id: this.botId, name: this.botName, role: 'bot' },
      deliveryMode: 'expectReplies',
    };
    const bot = { id: this.botId, name: this.botName, role: 'bot' };
    conversation.queue = conversation.queue.then(async () => {
      if (!this.conversations.has(conversation.id)) return; // dropped while the turn waited
      try {
        const replies = await this.options.deliver(inbound);
        for (const reply of replies) {
          if (!BRIDGE_TYPES.has(reply.type)) continue;
          const recipient = { id: conversation.grant.userId, role: 'user' };
          // A full conversation's client is not reading; the rest of its replies are not kept.
          if (!this.append(conversation, { ...reply, from: bot, recipient, replyToId: reply.replyToId ?? inbound.id })) break;
        }
      } catch (err) {
        this.options.logger?.error({ err, conversationId: conversation.id }, 'local Direct Line: the bot did not answer');
        this.append(conversation, { type: 'message', text: TURN_FAILED_TEXT, from: bot, replyToId: inbound.id });
      }
    });
  }

  /** Forgets a token and its conversation. */
  private drop(grant: TokenGrant): void {
    this.tokens.delete(grant.token);
    const own = this.clients.get(grant.client);
    own?.delete(grant.token);
    if (own?.size === 0) this.clients.delete(grant.client);
    if (grant.conversationId) this.conversations.delete(grant.conversationId);
  }

  /**
   * Keeps `grant`'s client within its caps (tokens, and bytes across its conversations) by dropping
   * that client's least recently used tokens other than `grant`: one address cannot push out anyone
   * else's conversation.
   */
  private trimClient(grant: TokenGrant): void {
    const own = this.clients.get(grant.client);
    if (!own) return;
    const bytesOf = (g: TokenGrant | undefined) => (g?.conversationId ? (this.conversations.get(g.conversationId)?.bytes ?? 0) : 0);
    let bytes = 0;
    for (const token of own) bytes += bytesOf(this.tokens.get(token));
    while (own.size > 1 && (own.size > this.limits.maxConversationsPerClient || bytes > this.limits.maxBytesPerClient)) {
      let oldest: TokenGrant | undefined;
      for (const token of own) {
        const g = this.tokens.get(token);
        if (g && g !== grant && (!oldest || g.lastUsed < oldest.lastUsed)) oldest = g;
      }
      if (!oldest) break;
      bytes -= bytesOf(oldest);
      this.drop(oldest);
    }
  }

  /** The last resort when too many clients each stay within their caps. */
  private dropLeastRecentlyUsed(): void {
    let oldest: Conversation | undefined;
    for (const c of this.conversations.values()) if (!oldest || c.grant.lastUsed < oldest.grant.lastUsed) oldest = c;
    if (oldest) this.drop(oldest.grant);
  }

  /** Drops expired tokens (with their conversations) and keeps the count of tokens bounded. */
  private sweep(): void {
    const now = this.now();
    for (const grant of this.tokens.values()) if (grant.expires < now) this.drop(grant);
    while (this.tokens.size >= this.limits.maxConversations * 4) {
      const first = this.tokens.values().next().value;
      if (first === undefined) break;
      this.drop(first);
    }
  }
}

/**
 * Delivers activities through the server's own /api/messages (the CloudAdapter's route), with
 * deliveryMode "expectReplies" so the replies come back in the response body.
 */
export function deliverThroughMessagesEndpoint(baseUrl: () => string, timeoutMs = 15_000): DeliverToBot {
  return async (activity) => {
    const res = await fetch(`${baseUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`/api/messages answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const text = await res.text();
    if (!text) return [];
    const body = JSON.parse(text) as { activities?: BridgeActivity[] };
    return Array.isArray(body.activities) ? body.activities : [];
  };
}
