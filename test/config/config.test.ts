// The settings file is refused, with every bad key named by its full path, when a key is
// misspelled or a number is out of its range; the shipped files still load. Nothing is started.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';

const PROJECT = resolve(__dirname, '../..');
const DEFAULT_YAML = readFileSync(join(PROJECT, 'config/default.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function write(text: string): string {
  const file = join(dir, `settings-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** config/default.yaml with each `from` (which must be there) replaced by its `to`. */
function edited(...edits: Array<[RegExp, string]>): string {
  let yaml = DEFAULT_YAML;
  for (const [from, to] of edits) {
    assert.match(yaml, from, `config/default.yaml has ${from}`);
    yaml = yaml.replace(from, to);
  }
  return write(yaml);
}

/** The ConfigError's message for this file; fails the test when the file loads. */
function problem(file: string, env: NodeJS.ProcessEnv = {}): string {
  let config: unknown;
  try {
    config = loadConfig(env, file);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`);
    return err.message;
  }
  assert.fail(`the file was accepted: ${JSON.stringify((config as { ops: unknown }).ops)}`);
}

describe('settings file: numbers out of range', () => {
  it('refuses replyTimeoutMs above what setTimeout can wait (3000000000 became a 1 ms timer)', () => {
    const message = problem(edited([/replyTimeoutMs: \d+/, 'replyTimeoutMs: 3000000000']));
    assert.match(message, /ops\.replyTimeoutMs: must be a whole number from 100 to 120000; got 3000000000/);
  });

  it('refuses a rate of 1e-300 per second', () => {
    const message = problem(edited([/perSecond: \d+/, 'perSecond: 1e-300']));
    assert.match(message, /ops\.rateLimit\.perSecond: must be a number from 0\.1 to 10000; got 1e-300/);
  });

  it('refuses a string where a number goes, and says what it got', () => {
    const message = problem(edited([/burst: \d+/, 'burst: lots']));
    assert.match(message, /ops\.rateLimit\.burst: must be a whole number from 1 to 100000; got "lots"/);
  });

  it('refuses a negative burst', () => {
    assert.match(problem(edited([/burst: \d+/, 'burst: -5'])), /ops\.rateLimit\.burst: must be a whole number from 1 to 100000; got -5/);
  });

  it('refuses the other numbers out of range too', () => {
    assert.match(problem(edited([/shutdownGraceMs: \d+/, 'shutdownGraceMs: 0'])), /ops\.shutdownGraceMs: must be a whole number from 1000 to 600000; got 0/);
    assert.match(problem(edited([/shutdownGraceMs: \d+/, 'shutdownGraceMs: 86400000'])), /ops\.shutdownGraceMs: must be/);
    assert.match(problem(edited([/typingDelayMs: \d+/, 'typingDelayMs: 99999'])), /bot\.typingDelayMs: must be a whole number from 0 to 10000; got 99999/);
    assert.match(problem(edited([/replyTimeoutMs: \d+/, 'replyTimeoutMs: 2.5'])), /ops\.replyTimeoutMs: must be a whole number/);
    assert.match(problem(edited([/perSecond: \d+/, 'perSecond: .inf'])), /ops\.rateLimit\.perSecond: must be a number/);
    assert.match(problem(edited([/port: \d+/, 'port: 70000'])), /server\.port: /);
    assert.match(problem(edited([/proxyHops: \d+/, 'proxyHops: 0'])), /ops\.rateLimit\.proxyHops: must be a whole number from 1 to 5; got 0/);
    assert.match(problem(edited([/proxyHops: \d+/, 'proxyHops: 6'])), /ops\.rateLimit\.proxyHops: must be/);
  });
});

describe('settings file: unknown keys', () => {
  it('refuses a misspelled section and suggests the right name: ratelimit', () => {
    const message = problem(edited([/^ {2}rateLimit:/m, '  ratelimit:']));
    assert.match(message, /^ {2}- ops\.ratelimit: unknown key \(did you mean rateLimit\?\)$/m);
  });

  it('refuses a misspelled setting and suggests the right name: replyTimeOutMs', () => {
    const message = problem(edited([/replyTimeoutMs:/, 'replyTimeOutMs:']));
    assert.match(message, /^ {2}- ops\.replyTimeOutMs: unknown key \(did you mean replyTimeoutMs\?\)$/m);
  });

  it('refuses unknown keys at every level, suggesting only a near name', () => {
    const message = problem(edited([/^ops:/m, 'colour: blue\nops:'], [/^ {4}burst:/m, '    burts:'], [/^ {2}chat:/m, '  chat: auto\n  theme: dark\n  chatt:']));
    assert.match(message, /^ {2}- colour: unknown key$/m);
    assert.match(message, /^ {2}- ops\.rateLimit\.burts: unknown key \(did you mean burst\?\)$/m);
    assert.match(message, /^ {2}- web\.theme: unknown key$/m);
    assert.match(message, /^ {2}- web\.chatt: unknown key \(did you mean chat\?\)$/m);
  });

  it('names every bad key at once', () => {
    const message = problem(
      edited([/replyTimeoutMs: \d+/, 'replyTimeoutMs: 3000000000'], [/perSecond: \d+/, 'perSecond: 1e-300'], [/^ {2}typingDelayMs:/m, '  typingDelay:']),
    );
    assert.match(message, /ops\.replyTimeoutMs: must be/);
    assert.match(message, /ops\.rateLimit\.perSecond: must be/);
    assert.match(message, /bot\.typingDelay: unknown key \(did you mean typingDelayMs\?\)/);
    assert.match(message, new RegExp(`^Settings file ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}.* is not valid:\n`));
  });
});

describe('settings file: not a mapping', () => {
  it('says so when the file is empty, a list or a single value', () => {
    assert.match(problem(write('')), /is empty: it should hold settings such as "ops:" and "server:"/);
    assert.match(problem(write('# nothing but a comment\n')), /is empty/);
    assert.match(problem(write('- ops\n- server\n')), /holds a list: it should hold settings such as "ops:" and "server:"/);
    assert.match(problem(write('ops\n')), /holds a single value \("ops"\): it should hold settings/);
    assert.match(problem(write('42\n')), /holds a single value \(42\)/);
  });

  it('reports YAML syntax errors with the file name', () => {
    assert.match(problem(write('ops:\n  replyTimeoutMs: 1\n  replyTimeoutMs: 2\n')), /Cannot read settings file .*: Map keys must be unique/);
  });
});

describe('the shipped settings files', () => {
  it('config/default.yaml loads', () => {
    const config = loadConfig({});
    assert.equal(config.ops.replyTimeoutMs, 10_000);
    assert.deepEqual(config.ops.rateLimit, { perSecond: 20, burst: 60, trustProxy: false, proxyHops: 1 });
  });

  it('config/azure.yaml loads (blob storage, behind App Service)', () => {
    const config = loadConfig({ CONFIG_FILE: 'config/azure.yaml', BlobStorageConnectionString: 'UseDevelopmentStorage=true' });
    assert.equal(config.storage.kind, 'blob');
    assert.equal(config.ops.rateLimit.trustProxy, true);
    assert.equal(config.ops.rateLimit.proxyHops, 1, "App Service's front end is one hop");
  });

  it('a file with only the required settings loads, with the defaults', () => {
    const config = loadConfig({}, write('timeZone: America/Toronto\ndata: { folder: d }\nmodel: { dir: m }\npipeline: { dir: p }\nprediction: {}\n'));
    assert.equal(config.ops.replyTimeoutMs, 10_000);
    assert.equal(config.ops.shutdownGraceMs, 20_000);
    assert.equal(config.bot.typingDelayMs, 400);
  });
});

describe('environment overrides are still checked', () => {
  it('PORT, PUBLIC_URL, STORAGE_KIND, STORAGE_CONTAINER', () => {
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT must be a whole number from 0 to 65535; got "70000"/);
    assert.throws(() => loadConfig({ PORT: '12.5' }), /PORT must be/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'bot.example.com' }), /PUBLIC_URL must be an http\(s\) address/);
    assert.throws(() => loadConfig({ STORAGE_KIND: 'disk' }), /STORAGE_KIND must be memory or blob/);
    assert.throws(() => loadConfig({ STORAGE_CONTAINER: 'Bad_Name' }), /STORAGE_CONTAINER must be a valid blob container name/);
    assert.equal(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://bot.example.com/' }).bot.publicUrl, 'https://bot.example.com');
  });
});

describe('refresh: the open-data portal', () => {
  it('defaults to the City\'s portal and the folder of model versions; REFRESH_PORTAL_URL overrides, checked', () => {
    const config = loadConfig({});
    assert.equal(config.refresh.portalUrl, 'https://ckan0.cf.opendata.inter.prod-toronto.ca');
    assert.equal(config.refresh.package, 'ttc-streetcar-delay-data');
    assert.equal(config.refresh.resource, 'TTC Streetcar Delay Data since 2025');
    assert.equal(config.paths.refreshFolder, join(PROJECT, 'data/open-data'));
    assert.equal(config.paths.modelDir, join(PROJECT, 'models'));
    assert.equal(config.paths.pipelineDir, join(PROJECT, 'pipelines'));
    const minimal = loadConfig({}, write('timeZone: America/Toronto\ndata: { folder: d }\nmodel: { dir: m }\npipeline: { dir: p }\nprediction: {}\n'));
    assert.deepEqual({ ...minimal.refresh }, { ...config.refresh });
    assert.equal(loadConfig({ REFRESH_PORTAL_URL: 'http://127.0.0.1:8765' }).refresh.portalUrl, 'http://127.0.0.1:8765');
    assert.throws(() => loadConfig({ REFRESH_PORTAL_URL: 'ckan0.cf.opendata' }), /REFRESH_PORTAL_URL must be an http\(s\) address such as https:\/\/ckan0\.cf\.opendata\.inter\.prod-toronto\.ca; got "ckan0\.cf\.opendata"/);
  });

  it('refuses a misspelled refresh key and numbers out of range, naming each', () => {
    const message = problem(edited([/portalUrl:/, 'portalurl:'], [/maxMegabytes: 200/, 'maxMegabytes: 0'], [/downloadTimeoutMs: 600000/, 'downloadTimeoutMs: 5000']));
    assert.match(message, /refresh\.portalurl: unknown key \(did you mean portalUrl\?\)/);
    assert.match(message, /refresh\.maxMegabytes: must be a whole number from 1 to 2000; got 0/);
    assert.match(message, /refresh\.downloadTimeoutMs: must be a whole number from 10000 to 3600000; got 5000/);
    assert.match(problem(edited([/portalUrl: \S+/, 'portalUrl: ftp://example.org'])), /refresh\.portalUrl: must be an http\(s\) address such as https:\/\/ckan0/);
  });
});
