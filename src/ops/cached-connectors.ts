import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { ReplyPoster } from './reply-poster';

/** How many ConnectorClients to keep: one per channel service URL and audience the bot talks to. */
const DEFAULT_LIMIT = 64;

/** The app id the SDK's factories act as: the token's audience, or the Emulator's appid claim. */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/**
 * Promises kept by key, at most `limit`, the least recently used dropped first. A promise that
 * rejects is dropped, so a failed creation is tried again next time.
 */
class BoundedPromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  getOrCreate(key: string, create: () => Promise<T>): Promise<T> {
    let value = this.entries.get(key);
    if (value) {
      this.entries.delete(key); // re-inserted below: a Map iterates oldest first
    } else {
      value = create();
      value.catch(() => this.entries.delete(key));
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, value);
    return value;
  }
}

/** A ConnectorFactory that hands out the shared client for an app id, service URL and audience. */
class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: BoundedPromiseCache<ConnectorClient>,
    private readonly replies?: ReplyPoster,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.getOrCreate(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, async () => {
      const client = await this.inner.create(serviceUrl, audience);
      return this.replies ? this.replies.install(client, serviceUrl) : client;
    });
  }
}

/**
 * Bot Framework authentication that reuses ConnectorClients across turns.
 *
 * CloudAdapter asks for a new ConnectorClient and UserTokenClient on every turn, and building
 * each builds a whole Azure HTTP pipeline (together about 7.5% of a turn's CPU in a profile
 * under load). A client holds no per-turn state: it is a base URL, credentials that cache their own tokens, and a pipeline, so one per
 * (bot app id, service URL, audience) serves every turn, as botbuilder's older BotFrameworkAdapter
 * did. The cache is bounded because without an app id any caller can name a service URL.
 * Everything else is the wrapped authentication's.
 */
export class CachedConnectorAuthentication extends BotFrameworkAuthentication {
  private readonly clients: BoundedPromiseCache<ConnectorClient>;
  private readonly tokenClients: BoundedPromiseCache<UserTokenClient>;

  /**
   * @param replies when given, the clients post the bot's replies through it (src/ops/reply-poster.ts)
   *   instead of the SDK's generated client.
   */
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    limit = DEFAULT_LIMIT,
    private readonly replies?: ReplyPoster,
  ) {
    super();
    this.clients = new BoundedPromiseCache(limit);
    this.tokenClients = new BoundedPromiseCache(limit);
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.clients, this.replies);
  }

  /** Also made on every turn (for sign-in prompts, which this bot has none of): one per app id. */
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.getOrCreate(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  /** Number of connector clients held, for tests. */
  get size(): number {
    return this.clients.size;
  }

  private withCachedFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new CachingConnectorFactory(result.connectorFactory, appIdOf(result.claimsIdentity), this.clients, this.replies) };
  }
}
