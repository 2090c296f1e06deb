import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/** The connector client options ConfigurationBotFrameworkAuthentication passes to every ConnectorClient. */
export type ConnectorClientOptions = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]>;
type PolicyFactory = Extract<NonNullable<ConnectorClientOptions['requestPolicyFactories']>, unknown[]>[number];

/**
 * Options that bound each HTTP attempt the bot makes to the channel (replies, typing, updates):
 * an attempt with no answer after `timeoutMs` is aborted, so a channel that accepts the
 * connection and never answers does not leave sockets and requests behind. The turn itself has
 * its own deadline for a whole send, retries included (TurnMiddleware).
 */
export function connectorClientOptions(timeoutMs: number): ConnectorClientOptions {
  const deadline: PolicyFactory = {
    create: (nextPolicy) => ({
      sendRequest: (request) => {
        request.timeout = timeoutMs;
        return nextPolicy.sendRequest(request);
      },
    }),
  };
  return { requestPolicyFactories: [deadline] };
}
