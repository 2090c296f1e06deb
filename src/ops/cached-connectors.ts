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

/** How many ConnectorClients to keep: one per channel service URL and audience the bot talks to. */
const DEFAULT_LIMIT = 64;

/** The app id the SDK's factories act as: the token's audience, or the Emulator's appid claim. */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/**
 * Bot Framework authentication that reuses ConnectorClients across turns.
 *
 * CloudAdapter asks for a new ConnectorClient and UserTokenClient on every turn, and building
 * each builds a whole Azure HTTP pipeline (together about 8% of a turn's CPU under load). A client holds no per-turn
 * state: it is a base URL, credentials that cache their own tokens, and a pipeline, so one per
 * (bot app id, service URL, audience) serves every turn, as botbuilder's older BotFrameworkAdapter
 * did. The cache is bounded because without an app id any caller can name a service URL.
 * Everything else is the wrapped authentication's.
 */
export class CachedConnectorAuthentication extends BotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly limit = DEFAULT_LIMIT,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cached(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  /** Also made on every turn (for sign-in prompts, which this bot has none of): one per app id. */
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = appIdOf(claimsIdentity);
    let client = this.tokenClients.get(appId);
    if (!client) {
      client = this.inner.createUserTokenClient(claimsIdentity);
      client.catch(() => this.tokenClients.delete(appId));
      if (this.tokenClients.size >= this.limit) this.tokenClients.clear();
      this.tokenClients.set(appId, client);
    }
    return client;
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

  /** Number of clients held, for tests. */
  get size(): number {
    return this.clients.size;
  }

  private withCachedFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.cached(result.connectorFactory, result.claimsIdentity) };
  }

  private cached(factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(identity);
    const clients = this.clients;
    const limit = this.limit;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = `${appId}\n${serviceUrl}\n${audience ?? ''}`;
        let client = clients.get(key);
        if (client) {
          // Most recently used last, so the oldest is the first key when the cache is full.
          clients.delete(key);
          clients.set(key, client);
          return client;
        }
        client = factory.create(serviceUrl, audience);
        client.catch(() => clients.delete(key)); // a failed creation is not kept
        if (clients.size >= limit) clients.delete(clients.keys().next().value as string);
        clients.set(key, client);
        return client;
      }
    })();
  }
}
