// The `live` settings: defaults, ranges and strict keys like the rest of src/config.ts, and the
// environment overrides LIVE_ALERTS_URL (an http(s) address) and LIVE_ENABLED.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, TTC_ALERTS_URL, loadConfig } from '../../src/config';

const PROJECT = resolve(__dirname, '../..');
const DEFAULT_YAML = readFileSync(join(PROJECT, 'config/default.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'live-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** config/default.yaml with its live section replaced by `live` (YAML lines under "live:"). */
function withLive(live: string | undefined): string {
  const file = join(dir, `settings-${++files}.yaml`);
  const base = DEFAULT_YAML.replace(/\nlive:\n(?:[ #].*\n?|\n)*/, '\n');
  writeFileSync(file, live === undefined ? base : `${base}\nlive:\n${live}\n`);
  return file;
}

function problem(file: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    loadConfig(env, file);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`);
    return err.message;
  }
  return assert.fail('accepted');
}

describe('settings: live', () => {
  it('config/default.yaml: off (npm start and the tests stay on this machine), the TTC feed, 60 s, 5 s', () => {
    assert.deepEqual(loadConfig({}).live, { enabled: false, alertsUrl: 'https://gtfsrt.ttc.ca/alerts/all', pollSeconds: 60, timeoutMs: 5000 });
  });

  it('config/azure.yaml turns it on', () => {
    const config = loadConfig({ CONFIG_FILE: 'config/azure.yaml', BlobStorageConnectionString: 'UseDevelopmentStorage=true' });
    assert.equal(config.live.enabled, true);
    assert.equal(config.live.alertsUrl, TTC_ALERTS_URL);
  });

  it('a file without the section gets the same defaults', () => {
    assert.deepEqual(loadConfig({}, withLive(undefined)).live, { enabled: false, alertsUrl: TTC_ALERTS_URL, pollSeconds: 60, timeoutMs: 5000 });
    assert.deepEqual(loadConfig({}, withLive('  enabled: true')).live, { enabled: true, alertsUrl: TTC_ALERTS_URL, pollSeconds: 60, timeoutMs: 5000 });
  });

  it('refuses out-of-range numbers, naming the key and the range', () => {
    assert.match(problem(withLive('  pollSeconds: 5')), /live\.pollSeconds: must be a whole number from 30 to 600; got 5/);
    assert.match(problem(withLive('  pollSeconds: 3600')), /live\.pollSeconds: must be a whole number from 30 to 600; got 3600/);
    assert.match(problem(withLive('  timeoutMs: 60000')), /live\.timeoutMs: must be a whole number from 1000 to 20000; got 60000/);
    assert.match(problem(withLive('  timeoutMs: 2.5e3x')), /live\.timeoutMs: must be a whole number from 1000 to 20000; got "2\.5e3x"/);
  });

  it('refuses unknown keys with a suggestion, a non-boolean enabled and an address that is not http(s)', () => {
    assert.match(problem(withLive('  pollSecond: 60')), /live\.pollSecond: unknown key \(did you mean pollSeconds\?\)/);
    assert.match(problem(withLive('  enabled: yes')), /live\.enabled: must be true or false; got "yes"/);
    for (const url of ['ftp://gtfsrt.ttc.ca/alerts', 'gtfsrt.ttc.ca/alerts/all', 'file:///etc/passwd', '42']) {
      assert.match(problem(withLive(`  alertsUrl: "${url}"`)), /live\.alertsUrl: must be an http\(s\) address such as https:\/\/gtfsrt\.ttc\.ca\/alerts\/all/, url);
    }
  });

  it('LIVE_ALERTS_URL overrides the address, checked as http(s); LIVE_ENABLED turns it on or off', () => {
    const config = loadConfig({ LIVE_ALERTS_URL: 'http://127.0.0.1:8080/alerts', LIVE_ENABLED: 'true' });
    assert.equal(config.live.alertsUrl, 'http://127.0.0.1:8080/alerts');
    assert.equal(config.live.enabled, true);
    assert.equal(loadConfig({ CONFIG_FILE: 'config/azure.yaml', BlobStorageConnectionString: 'x', LIVE_ENABLED: 'false' }).live.enabled, false);
    assert.throws(() => loadConfig({ LIVE_ALERTS_URL: 'javascript:alert(1)' }), /LIVE_ALERTS_URL must be an http\(s\) address/);
    assert.throws(() => loadConfig({ LIVE_ENABLED: 'on' }), /LIVE_ENABLED must be true or false; got "on"/);
    assert.equal(loadConfig({ LIVE_ALERTS_URL: '' }).live.alertsUrl, TTC_ALERTS_URL, 'empty = not set');
  });
});
