import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/** The connector client options ConfigurationBotFrameworkAuthentication passes to every ConnectorClient. */
export type ConnectorClientOptions = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]>;
type PolicyFactory = Extract<NonNullable<ConnectorClientOptions['requestPolicyFactories']>, unknown[]>[number];

/**
 * Options that bound every call the bot makes to the channel (replies, typing, updates): each
 * call, retries included, is aborted after `timeoutMs`. Without this a channel that accepts the
 * connection and never answers would hold the turn — and the conversation after it — forever.
 */
export function connectorClientOptions(timeoutMs: number): ConnectorClientOptions {
  const deadline: PolicyFactory = {
    create: (nextPolicy) => ({
      sendRequest: (request) => {
        request.timeout = timeoutMs;
        const overall = AbortSignal.timeout(timeoutMs);
        // The SDK's AbortSignalLike is a subset of the DOM AbortSignal; Node's are real ones.
        request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal as AbortSignal, overall]) : overall;
        return nextPolicy.sendRequest(request);
      },
    }),
  };
  return { requestPolicyFactories: [deadline] };
}
