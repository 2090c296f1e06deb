// The adapter's authentication hands out one ConnectorClient per channel service URL instead of
// a new one per turn, bounded, and still authenticates as the wrapped authentication does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { CachedConnectorAuthentication } from '../../src/ops/cached-connectors';

const activity = (serviceUrl: string): Activity =>
  ({ type: 'message', text: 'hi', serviceUrl, channelId: 'emulator', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }) as Activity;

async function clientFor(auth: CachedConnectorAuthentication, serviceUrl: string) {
  const result = await auth.authenticateRequest(activity(serviceUrl), '');
  assert.ok(result.connectorFactory);
  return result.connectorFactory.create(serviceUrl, result.audience);
}

describe('cached connector clients', () => {
  it('reuses the client for a service URL, keeps URLs apart and stays within its limit', async () => {
    const auth = new CachedConnectorAuthentication(new ConfigurationBotFrameworkAuthentication({}), 2);
    const a1 = await clientFor(auth, 'http://127.0.0.1:1/a');
    const a2 = await clientFor(auth, 'http://127.0.0.1:1/a');
    const b = await clientFor(auth, 'http://127.0.0.1:1/b');
    assert.equal(a1, a2);
    assert.notEqual(a1, b);
    assert.equal((a1 as unknown as { baseUri: string }).baseUri, 'http://127.0.0.1:1/a', 'each client posts to its own URL');
    await clientFor(auth, 'http://127.0.0.1:1/c');
    assert.equal(auth.size, 2);
    assert.notEqual(await clientFor(auth, 'http://127.0.0.1:1/a'), a1, 'the oldest client was dropped');
  });

  it('makes one user-token client per app id', async () => {
    const auth = new CachedConnectorAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const { claimsIdentity } = await auth.authenticateRequest(activity('http://127.0.0.1:1/a'), '');
    assert.equal(await auth.createUserTokenClient(claimsIdentity), await auth.createUserTokenClient(claimsIdentity));
  });

  it('still refuses a request without a token when an app id is set', async () => {
    const auth = new CachedConnectorAuthentication(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' }));
    await assert.rejects(auth.authenticateRequest(activity('http://127.0.0.1:1/a'), ''));
  });
});
