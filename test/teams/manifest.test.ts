// The Teams app package: appPackage/manifest.json against Microsoft's 1.29 schema (the same
// validator `npm run teams:package` uses), the icons' sizes, and the zip the script writes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import yauzl from 'yauzl';
import {
  TeamsPackageInputError, buildManifest, checkIcons, pngSize, readIcons, readManifestTemplate, validateManifest, writeTeamsPackage,
  type Manifest,
} from '../../scripts/teams-manifest';
import { PROJECT_ROOT } from '../../src/config';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

/** Every entry of a zip file, by name. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return fail(err);
      const entries = new Map<string, Buffer>();
      zip.on('error', fail);
      zip.on('end', () => done(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return fail(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

describe('appPackage/manifest.json', () => {
  const manifest = readManifestTemplate();

  it('is valid against the Teams 1.29 schema', () => {
    assert.deepEqual(validateManifest(manifest), []);
    assert.equal(manifest.$schema, 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json');
    assert.equal(manifest.manifestVersion, '1.29');
  });

  it('keeps the bot in personal, team and group chat scopes, with its commands, and asks for no permissions', () => {
    const [bot] = manifest.bots;
    assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
    const [commands] = bot.commandLists as Array<{ commands: Array<{ title: string }> }>;
    assert.ok(commands.commands.some((c) => c.title === 'help'));
    // The 1.29 schema still lists identity and messageTeamMembers, but the bot uses neither.
    assert.equal('permissions' in manifest, false);
    assert.ok(Array.isArray(manifest.validDomains));
    assert.equal(manifest.id, PLACEHOLDER);
    assert.equal(bot.botId, PLACEHOLDER);
  });

  it('the validator is not vacuous: it rejects the old 1.17 manifest, a missing required field, a bad id', () => {
    const old = {
      ...structuredClone(manifest),
      $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json',
      manifestVersion: '1.17',
      permissions: ['identity', 'messageTeamMembers'],
    };
    const oldErrors = validateManifest(old);
    assert.ok(oldErrors.some((e) => e.startsWith('/manifestVersion must be equal to constant')), oldErrors.join('\n'));

    const { accentColor: _dropped, ...noAccent } = structuredClone(manifest);
    assert.ok(validateManifest(noAccent).some((e) => e.includes('accentColor')));

    const badBot = structuredClone(manifest);
    badBot.bots[0].botId = 'not-a-guid';
    assert.ok(validateManifest(badBot).some((e) => e.startsWith('/bots/0/botId')));

    // A property the 1.29 schema does not define.
    assert.ok(validateManifest({ ...structuredClone(manifest), packageName: 'com.example.bot' }).some((e) => e.includes('packageName')));
  });

  it('has the icons Teams requires: color.png 192x192, outline.png 32x32', () => {
    const icons = readIcons();
    assert.deepEqual(pngSize(icons['color.png']), { width: 192, height: 192 });
    assert.deepEqual(pngSize(icons['outline.png']), { width: 32, height: 32 });
    assert.deepEqual(checkIcons(icons), []);
    // The check itself: the two swapped are both wrong.
    assert.equal(checkIcons({ 'color.png': icons['outline.png'], 'outline.png': icons['color.png'] }).length, 2);
    assert.throws(() => pngSize(Buffer.from('GIF89a')), /not a PNG/);
  });
});

describe('buildManifest', () => {
  const template = readManifestTemplate();

  it('puts the app id in id and bots[0].botId, and PUBLIC_URL\'s host in validDomains, leaving the template alone', () => {
    const built = buildManifest(template, { appId: APP_ID, publicUrl: 'https://bot.example.com/base/' });
    assert.equal(built.id, APP_ID);
    assert.equal(built.bots[0].botId, APP_ID);
    assert.deepEqual(built.validDomains, ['bot.example.com']);
    assert.deepEqual(validateManifest(built), []);
    assert.equal(template.id, PLACEHOLDER);
    assert.deepEqual(template.validDomains, []);
  });

  it('refuses a missing, malformed or placeholder MicrosoftAppId', () => {
    for (const appId of [undefined, '', 'abc', PLACEHOLDER, `${APP_ID}x`]) {
      assert.throws(() => buildManifest(template, { appId }), (err: unknown) => err instanceof TeamsPackageInputError && /MicrosoftAppId/.test(err.message), String(appId));
    }
  });
});

describe('the package zip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds manifest.json, color.png and outline.png at its root, with the ids replaced', async () => {
    const outFile = join(dir, 'nested', 'app.zip');
    const written = await writeTeamsPackage({ appId: APP_ID, publicUrl: 'https://bot.example.com', outFile });
    assert.equal(written.file, outFile);

    const entries = await readZip(outFile);
    assert.deepEqual([...entries.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    assert.equal(manifest.id, APP_ID);
    assert.equal(manifest.bots[0].botId, APP_ID);
    assert.deepEqual(manifest.validDomains, ['bot.example.com']);
    assert.deepEqual(validateManifest(manifest), []);
    const icons = readIcons();
    assert.ok(entries.get('color.png')!.equals(icons['color.png']));
    assert.ok(entries.get('outline.png')!.equals(icons['outline.png']));
  });

  it('npm run teams:package exits 2 with one line naming MicrosoftAppId when the id is not a GUID', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'scripts/teams-package.ts')], {
      cwd: PROJECT_ROOT, // where --import finds tsx; the bad id stops it before anything is written
      env: { ...process.env, MicrosoftAppId: 'not-a-guid' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 2, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /MicrosoftAppId/);
    assert.equal(result.stdout, '');
  });
});
