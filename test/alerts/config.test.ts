// The alerts section of the settings: defaults, the shipped files, and refusals of misspelled
// keys and numbers out of range, each naming the full key (the strict pattern of src/config.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';

const PROJECT = resolve(__dirname, '../..');
const DEFAULT_YAML = readFileSync(join(PROJECT, 'config/default.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'alerts-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function withAlerts(block: string): string {
  const file = join(dir, `s${++n}.yaml`);
  writeFileSync(file, DEFAULT_YAML.replace(/^alerts:\n(?:[ #].*\n)+/m, `alerts:\n${block}\n`));
  return file;
}

function problem(file: string): string {
  try {
    loadConfig({}, file);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('the file loaded');
}

describe('alerts settings', () => {
  it('config/default.yaml and config/azure.yaml load, with the documented values', () => {
    assert.deepEqual(loadConfig({}).alerts, { enabled: true, tickSeconds: 15, graceMinutes: 10, maxPerRider: 10, defaultLeadMinutes: 15, stopAfterRefusals: 3 });
    const azure = loadConfig({ BlobStorageConnectionString: 'UseDevelopmentStorage=true' }, join(PROJECT, 'config/azure.yaml'));
    assert.equal(azure.alerts.tickSeconds, 30);
  });

  it('every field has a default', () => {
    assert.deepEqual(loadConfig({}, withAlerts('  enabled: false')).alerts, { enabled: false, tickSeconds: 15, graceMinutes: 10, maxPerRider: 10, defaultLeadMinutes: 15, stopAfterRefusals: 3 });
  });

  it('a misspelled key is refused, with a suggestion', () => {
    assert.match(problem(withAlerts('  tickSecond: 15')), /alerts\.tickSecond: unknown key \(did you mean tickSeconds\?\)/);
  });

  it('numbers out of range are refused with the range', () => {
    assert.match(problem(withAlerts('  tickSeconds: 0')), /alerts\.tickSeconds: must be a whole number from 1 to 300; got 0/);
    assert.match(problem(withAlerts('  graceMinutes: 500')), /alerts\.graceMinutes: must be a whole number from 0 to 120; got 500/);
    assert.match(problem(withAlerts('  maxPerRider: 0.5')), /alerts\.maxPerRider: must be a whole number from 1 to 100; got 0\.5/);
    assert.match(problem(withAlerts('  defaultLeadMinutes: 2')), /alerts\.defaultLeadMinutes: must be a whole number from 5 to 720; got 2/);
    assert.match(problem(withAlerts('  stopAfterRefusals: 11')), /alerts\.stopAfterRefusals: must be a whole number from 1 to 10; got 11/);
  });
});
