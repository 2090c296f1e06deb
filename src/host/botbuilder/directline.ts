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
 * memory, are bounded in number and size, and expire.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { readJsonBody, BodyError } from '../../web/body';
import { queryOf } from '../../web/query';

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

export interface DirectLineOptions {
  deliver: DeliverToBot;
  logger?: Pick<Logger, 'warn' | 'error' | 'debug'>;
  /** Where the bot's replies would go if it ever sent outside a turn; not called with expectReplies. */
  serviceUrl: () => string;
  botId?: string;
  botName?: string;
  tokenLifetimeSeconds?: number;
  maxConversations?: number;
  maxActivitiesPerConversation?: number;
  maxTextLength?: number;
  /** For tests: the clock. */
  now?: () => number;
}

interface Conversation {
  id: string;
  token: string;
  userId: string;
  activities: BridgeActivity[];
  /** Turns run one after another, in the order the user sent them. */
  queue: Promise<void>;
  seq: number;
  lastUsed: number;
}

interface TokenGrant {
  userId: string;
  expires: number;
  conversationId?: string;
}

const BRIDGE_TYPES = new Set(['message', 'typing', 'event', 'endOfConversation']);
/** Activity types a user may post; everything else is refused. */
const USER_TYPES = new Set(['message', 'event', 'typing']);

function dlError(res: Response, status: number, code: string, message: string): void {
  res.status(status);
  res.json({ error: { code, message } });
}

export class DirectLineBridge {
  private readonly tokens = new Map<string, TokenGrant>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly now: () => number;
  private readonly botId: string;
  private readonly botName: string;
  private readonly lifetime: number;
  private readonly maxConversations: number;
  private readonly maxActivities: number;
  private readonly maxText: number;

  constructor(private readonly options: DirectLineOptions) {
    this.now = options.now ?? Date.now;
    this.botId = options.botId ?? 'streetcar-delay-bot';
    this.botName = options.botName ?? 'Streetcar delay bot';
    this.lifetime = options.tokenLifetimeSeconds ?? 3600;
    this.maxConversations = options.maxConversations ?? 1000;
    this.maxActivities = options.maxActivitiesPerConversation ?? 1000;
    this.maxText = options.maxTextLength ?? 2000;
  }

  /**
   * A token for one /chat page load: it may start one conversation, as a fresh anonymous user.
   * With `open`, the conversation is opened at once, so the bot's greeting is being written while
   * the browser is still starting Web Chat; Web Chat's own start then resumes it.
   */
  issueToken(options: { open?: boolean } = {}): { token: string; userId: string } {
    this.sweep();
    const token = randomBytes(24).toString('base64url');
    // Not "dl_": Web Chat reserves that prefix for ids embedded in Azure Direct Line tokens.
    const userId = `web_${randomBytes(8).toString('hex')}`;
    const grant: TokenGrant = { userId, expires: this.now() + this.lifetime * 1000 };
    this.tokens.set(token, grant);
    if (options.open) this.open(token, grant);
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
    server.post('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => this.post(req, res));
  }

  private bearer(req: Request): string | undefined {
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return m ? m[1] : undefined;
  }

  private grant(req: Request): { token: string; grant: TokenGrant } | undefined {
    const token = this.bearer(req);
    if (!token) return undefined;
    const grant = this.tokens.get(token);
    if (!grant || grant.expires < this.now()) return undefined;
    return { token, grant };
  }

  private start(req: Request, res: Response): void {
    const auth = this.grant(req);
    if (!auth) return dlError(res, 403, 'TokenExpired', 'a valid token from the /chat page is required');
    const { token, grant } = auth;
    const { conversation, created } = this.open(token, grant);
    res.status(created ? 201 : 200);
    res.json({ conversationId: conversation.id, token, expires_in: Math.round((grant.expires - this.now()) / 1000) });
  }

  /** The token's conversation, opened (and the bot told who joined) if it has none yet. */
  private open(token: string, grant: TokenGrant): { conversation: Conversation; created: boolean } {
    const existing = grant.conversationId ? this.conversations.get(grant.conversationId) : undefined;
    if (existing) return { conversation: existing, created: false };
    this.sweep();
    const conversation: Conversation = {
      id: randomUUID(),
      token,
      userId: grant.userId,
      activities: [],
      queue: Promise.resolve(),
      seq: 0,
      lastUsed: this.now(),
    };
    grant.conversationId = conversation.id;
    this.conversations.set(conversation.id, conversation);
    // As Direct Line does: tell the bot who joined, so it can greet.
    this.enqueue(conversation, {
      type: 'conversationUpdate',
      from: { id: conversation.userId, role: 'user' },
      membersAdded: [
        { id: this.botId, name: this.botName, role: 'bot' },
        { id: conversation.userId, name: 'You', role: 'user' },
      ],
    });
    return { conversation, created: true };
  }

  private refresh(req: Request, res: Response): void {
    const auth = this.grant(req);
    if (!auth) return dlError(res, 403, 'TokenExpired', 'the token has expired; reload the page');
    auth.grant.expires = this.now() + this.lifetime * 1000;
    res.json({ conversationId: auth.grant.conversationId, token: auth.token, expires_in: this.lifetime });
  }

  private conversationFor(req: Request, res: Response): Conversation | undefined {
    const auth = this.grant(req);
    if (!auth) {
      dlError(res, 403, 'TokenExpired', 'a valid token is required');
      return undefined;
    }
    const id = String(req.params.conversationId ?? '');
    const conversation = this.conversations.get(id);
    if (!conversation) {
      dlError(res, 404, 'BadArgument', 'no such conversation');
      return undefined;
    }
    if (conversation.token !== auth.token) {
      dlError(res, 403, 'Forbidden', 'this token is for another conversation');
      return undefined;
    }
    conversation.lastUsed = this.now();
    return conversation;
  }

  private poll(req: Request, res: Response): void {
    const conversation = this.conversationFor(req, res);
    if (!conversation) return;
    const text = queryOf(req).watermark ?? '';
    const watermark = /^\d{1,9}$/.test(text) ? Math.min(Number(text), conversation.activities.length) : 0;
    res.header('Cache-Control', 'no-store');
    res.json({ activities: conversation.activities.slice(watermark), watermark: String(conversation.activities.length) });
  }

  private async post(req: Request, res: Response): Promise<void> {
    const conversation = this.conversationFor(req, res);
    if (!conversation) return;
    let body: unknown;
    try {
      body = await readJsonBody(req, 64 * 1024);
    } catch (err) {
      const e = err instanceof BodyError ? err : new BodyError(400, 'the body could not be read');
      return dlError(res, e.status, 'BadArgument', e.message);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return dlError(res, 400, 'BadArgument', 'the body must be one activity (a JSON object)');
    }
    const incoming = body as Partial<BridgeActivity>;
    if (typeof incoming.type !== 'string' || !USER_TYPES.has(incoming.type)) {
      return dlError(res, 400, 'BadArgument', `activity type must be one of ${[...USER_TYPES].join(', ')}`);
    }
    if (incoming.text !== undefined && (typeof incoming.text !== 'string' || incoming.text.length > this.maxText)) {
      return dlError(res, 400, 'BadArgument', `text must be a string of at most ${this.maxText} characters`);
    }
    if (conversation.activities.length >= this.maxActivities) {
      return dlError(res, 403, 'ConversationSizeTooBig', 'this conversation is full; reload the page to start another');
    }
    // Never trust who the client says it is: the user is the one the token was issued to.
    const activity: BridgeActivity = {
      type: incoming.type,
      text: incoming.text,
      textFormat: typeof incoming.textFormat === 'string' ? incoming.textFormat : undefined,
      locale: typeof incoming.locale === 'string' ? incoming.locale.slice(0, 20) : undefined,
      localTimestamp: typeof incoming.localTimestamp === 'string' ? incoming.localTimestamp.slice(0, 40) : undefined,
      value: incoming.value,
      name: typeof incoming.name === 'string' ? incoming.name.slice(0, 200) : undefined,
      attachments: Array.isArray(incoming.attachments) ? incoming.attachments.slice(0, 10) : undefined,
      entities: Array.isArray(incoming.entities) ? incoming.entities.slice(0, 10) : undefined,
      channelData: incoming.channelData,
      from: { id: conversation.userId, name: 'You', role: 'user' },
    };
    const stored = this.append(conversation, activity);
    res.status(200);
    res.json({ id: stored.id });
    if (activity.type !== 'typing') this.enqueue(conversation, stored);
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

  private append(conversation: Conversation, activity: BridgeActivity): BridgeActivity {
    const stored = this.stamp(conversation, activity);
    conversation.activities.push(stored);
    return stored;
  }

  private enqueue(conversation: Conversation, activity: BridgeActivity): void {
    const inbound: BridgeActivity = {
      ...(activity.id ? activity : this.stamp(conversation, activity)),
      recipient: { id: this.botId, name: this.botName, role: 'bot' },
      deliveryMode: 'expectReplies',
    };
    conversation.queue = conversation.queue.then(async () => {
      try {
        const replies = await this.options.deliver(inbound);
        for (const reply of replies) {
          if (!BRIDGE_TYPES.has(reply.type)) continue;
          if (conversation.activities.length >= this.maxActivities) break;
          this.append(conversation, {
            ...reply,
            from: { id: this.botId, name: this.botName, role: 'bot' },
            recipient: { id: conversation.userId, role: 'user' },
            replyToId: reply.replyToId ?? inbound.id,
          });
        }
      } catch (err) {
        this.options.logger?.error({ err, conversationId: conversation.id }, 'local Direct Line: the bot did not answer');
        this.append(conversation, {
          type: 'message',
          text: 'Sorry, something went wrong on my side. Please try again.',
          from: { id: this.botId, name: this.botName, role: 'bot' },
          replyToId: inbound.id,
        });
      }
    });
  }

  /** Drops expired tokens and idle conversations; keeps the count bounded. */
  private sweep(): void {
    const now = this.now();
    for (const [token, grant] of this.tokens) {
      if (grant.expires < now) {
        this.tokens.delete(token);
        if (grant.conversationId) this.conversations.delete(grant.conversationId);
      }
    }
    while (this.conversations.size >= this.maxConversations) {
      let oldest: Conversation | undefined;
      for (const c of this.conversations.values()) if (!oldest || c.lastUsed < oldest.lastUsed) oldest = c;
      if (!oldest) break;
      this.conversations.delete(oldest.id);
      this.tokens.delete(oldest.token);
    }
    while (this.tokens.size >= this.maxConversations * 4) {
      const first = this.tokens.keys().next().value;
      if (first === undefined) break;
      this.tokens.delete(first);
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
