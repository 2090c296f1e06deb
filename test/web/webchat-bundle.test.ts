import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WEBCHAT_FILE, WEBCHAT_URL, ensureWebChatBundle, webChatBundleReady } from '../../src/web/webchat-bundle';

describe('Web Chat bundle', () => {
  it('is refused unless its SHA-256 is the pinned one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webchat-'));
    const fake = join(dir, 'webchat.js');
    writeFileSync(fake, 'window.WebChat = { evil: true };');
    assert.equal(webChatBundleReady(fake), false);
    assert.equal(webChatBundleReady(join(dir, 'missing.js')), false);
  });

  it('is fetched into .cache/webchat when missing, and served from a versioned URL', async () => {
    assert.equal(await ensureWebChatBundle(), WEBCHAT_FILE);
    assert.ok(webChatBundleReady());
    assert.match(WEBCHAT_FILE, /\.cache\/webchat\/webchat-4\.18\.1\.js$/);
    assert.equal(WEBCHAT_URL, '/static/webchat-4.18.1.js');
  });
});
