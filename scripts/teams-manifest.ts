// The Teams app package: appPackage/manifest.json (a template with placeholder ids) filled in with
// the bot's app id, checked against Microsoft's 1.29 manifest schema, zipped with the two icons.
// Used by `npm run teams:package` (scripts/teams-package.ts) and by test/teams/manifest.test.ts,
// so the package that is shipped is checked by the same code as the one that is tested.
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
// Microsoft's schema declares draft-04, which Ajv 8 only handles through this class.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ZipFile } from 'yazl';
import { PROJECT_ROOT } from '../src/config';

export const APP_PACKAGE_DIR = resolve(PROJECT_ROOT, 'appPackage');
// shared/ lies beside the repository (on developers' machines and in CI); the schema is not vendored.
export const SCHEMA_FILE = resolve(PROJECT_ROOT, '../shared/schemas/teams/v1.29/MicrosoftTeams.schema.json');
export const DEFAULT_OUT_FILE = resolve(PROJECT_ROOT, 'dist/teams/streetcar-delay-bot-teams.zip');
/** The icons Teams requires, with the one size it accepts for each (square). */
export const ICONS = { 'color.png': 192, 'outline.png': 32 } as const;

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

export interface Manifest {
  id: string;
  bots: Array<{ botId: string; [key: string]: unknown }>;
  validDomains?: string[];
  [key: string]: unknown;
}

/** Bad input from the environment (exit 2 in the script), as opposed to a broken manifest. */
export class TeamsPackageInputError extends Error {}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    if (!existsSync(SCHEMA_FILE)) throw new Error(`the Teams manifest schema is not at ${SCHEMA_FILE} (shared/ beside the repository)`);
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
    // Strict, so an unknown keyword or format stops compilation instead of being skipped; but
    // Microsoft's schema trips two of Ajv's lint-only rules (keywords in a schema with no `type`;
    // `required` in dependencies/anyOf branches naming properties defined elsewhere), which do not
    // change what it accepts.
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

function formatError(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})`
    : e.keyword === 'const' ? ` (${JSON.stringify(e.params.allowedValue)})`
    : '';
  return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
}

/** The schema's complaints about `manifest`, one line each; empty when it is valid. */
export function validateManifest(manifest: unknown): string[] {
  const validate = validator();
  return validate(manifest) ? [] : (validate.errors ?? []).map(formatError);
}

export function readManifestTemplate(): Manifest {
  return JSON.parse(readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8')) as Manifest;
}

/**
 * The template with its placeholder ids replaced by the bot's app id (Teams app id and bot id are
 * the same registration here) and, when given, PUBLIC_URL's host in validDomains. Pure: the
 * template is not changed.
 */
export function buildManifest(template: Manifest, options: { appId: string | undefined; publicUrl?: string }): Manifest {
  const appId = (options.appId ?? '').trim();
  if (appId === '') throw new TeamsPackageInputError('MicrosoftAppId is not set: the Teams package needs the bot\'s Microsoft App ID (a GUID).');
  if (!GUID.test(appId) || appId === PLACEHOLDER_ID) {
    throw new TeamsPackageInputError(`MicrosoftAppId must be the bot's Microsoft App ID, a GUID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427; got "${appId}".`);
  }
  const manifest = structuredClone(template);
  manifest.id = appId;
  manifest.bots[0].botId = appId;
  if (options.publicUrl) {
    let host: string;
    try {
      host = new URL(options.publicUrl).host;
    } catch {
      throw new TeamsPackageInputError(`PUBLIC_URL must be an address such as https://bot.example.com; got "${options.publicUrl}".`);
    }
    const domains = manifest.validDomains ?? [];
    manifest.validDomains = domains.includes(host) ? domains : [...domains, host];
  }
  return manifest;
}

/** Width and height from a PNG's IHDR chunk (always the first, right after the signature). */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function readIcons(dir = APP_PACKAGE_DIR): Record<keyof typeof ICONS, Buffer> {
  return { 'color.png': readFileSync(join(dir, 'color.png')), 'outline.png': readFileSync(join(dir, 'outline.png')) };
}

/** Problems with the icons, one line each; empty when both are the size Teams requires. */
export function checkIcons(icons: Record<keyof typeof ICONS, Buffer>): string[] {
  return Object.entries(ICONS).flatMap(([name, size]) => {
    try {
      const { width, height } = pngSize(icons[name as keyof typeof ICONS]);
      return width === size && height === size ? [] : [`${name} is ${width}x${height}; Teams needs ${size}x${size}`];
    } catch (err) {
      return [`${name}: ${err instanceof Error ? err.message : String(err)}`];
    }
  });
}

/**
 * Builds the manifest, checks it and the icons, and writes the zip Teams uploads: manifest.json,
 * color.png and outline.png at the archive's root. Nothing is written when a check fails.
 */
export async function writeTeamsPackage(options: { appId: string | undefined; publicUrl?: string; outFile?: string }): Promise<{ file: string; manifest: Manifest; entries: string[] }> {
  const manifest = buildManifest(readManifestTemplate(), options);
  const icons = readIcons();
  const problems = [...validateManifest(manifest), ...checkIcons(icons)];
  if (problems.length > 0) throw new Error(`the Teams package is not valid:\n  ${problems.join('\n  ')}`);

  const file = resolve(options.outFile ?? DEFAULT_OUT_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json');
  for (const [name, png] of Object.entries(icons)) zip.addBuffer(png, name);
  zip.end();
  // Buffers only, so the zip itself cannot fail part-way; pipeline reports a failed write.
  await pipeline(zip.outputStream, createWriteStream(file));
  return { file, manifest, entries: ['manifest.json', ...Object.keys(icons)] };
}
