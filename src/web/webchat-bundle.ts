/**
 * The Microsoft Web Chat bundle, served at /static/webchat-<version>.js.
 *
 * botframework-webchat installs at about 480 MB (a 147 MB stats file and several builds), yet /chat
 * needs one 3.9 MB file. So it is not a dependency: `npm run webchat:fetch` (run by `npm start`
 * and by the browser tests when the file is missing) runs `npm pack` for the pinned version, which
 * downloads the 7 MB tarball through npm (integrity checked against the registry and cached in
 * npm's cache), extracts only dist/webchat.js and its licence notice into .cache/webchat/
 * (git-ignored), and checks the file's SHA-256 against the one pinned here.
 *
 * dist/webchat.js is the full bundle: it includes the Adaptive Cards renderer the bot's
 * prediction card needs (webchat-minimal.js does not), and it runs in current browsers
 * (webchat-es5.js adds polyfills for old ones).
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config';

const run = promisify(execFile);

export const WEBCHAT_PACKAGE = 'botframework-webchat';
export const WEBCHAT_VERSION = '4.18.1';
/** SHA-256 of package/dist/webchat.js in botframework-webchat-4.18.1.tgz. */
export const WEBCHAT_SHA256 = '0a68ad0a64fc04d621197da10c3eec0f843e16f7d03f6bcbed29b47517cf9bff';
export const WEBCHAT_DIR = resolve(PROJECT_ROOT, '.cache/webchat');
export const WEBCHAT_FILE = join(WEBCHAT_DIR, `webchat-${WEBCHAT_VERSION}.js`);
export const WEBCHAT_LICENSE_FILE = join(WEBCHAT_DIR, `webchat-${WEBCHAT_VERSION}.js.LICENSE.txt`);
/** The URL the chat page loads it from; versioned, so it can be cached for good. */
export const WEBCHAT_URL = `/static/webchat-${WEBCHAT_VERSION}.js`;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let verified: { path: string; size: number; mtimeMs: number } | undefined;

/** True when the bundle is on disk with the pinned checksum (checked once per file change). */
export function webChatBundleReady(path = WEBCHAT_FILE): boolean {
  if (!existsSync(path)) return false;
  const st = statSync(path);
  if (verified && verified.path === path && verified.size === st.size && verified.mtimeMs === st.mtimeMs) return true;
  if (sha256(readFileSync(path)) !== WEBCHAT_SHA256) return false;
  verified = { path, size: st.size, mtimeMs: st.mtimeMs };
  return true;
}

export interface FetchLog {
  info(message: string): void;
}

/**
 * Makes sure the pinned bundle is in .cache/webchat, fetching it through `npm pack` if needed.
 * Throws with a plain explanation when it cannot (offline and not in npm's cache, or a checksum
 * mismatch).
 */
export async function ensureWebChatBundle(log: FetchLog = { info: () => undefined }): Promise<string> {
  if (webChatBundleReady()) return WEBCHAT_FILE;
  mkdirSync(WEBCHAT_DIR, { recursive: true });
  const work = mkdtempSync(join(WEBCHAT_DIR, 'fetch-'));
  try {
    log.info(`fetching ${WEBCHAT_PACKAGE}@${WEBCHAT_VERSION} with npm pack (about 7 MB, once)`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { stdout } = await run(
      npm,
      ['pack', `${WEBCHAT_PACKAGE}@${WEBCHAT_VERSION}`, '--pack-destination', work, '--json', '--silent', '--no-audit', '--no-fund'],
      { cwd: work, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
    );
    const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; integrity: string }[];
    const tarball = join(work, packed[0].filename);
    // Extract only the bundle and its licence notice, never the 147 MB stats file.
    await run('tar', ['-xzf', tarball, '-C', work, 'package/dist/webchat.js', 'package/dist/webchat.js.LICENSE.txt'], { timeout: 120_000 });
    const extracted = join(work, 'package/dist/webchat.js');
    const actual = sha256(readFileSync(extracted));
    if (actual !== WEBCHAT_SHA256) {
      throw new Error(`${WEBCHAT_PACKAGE}@${WEBCHAT_VERSION} dist/webchat.js has SHA-256 ${actual}, expected ${WEBCHAT_SHA256}; refusing to serve it`);
    }
    renameSync(join(work, 'package/dist/webchat.js.LICENSE.txt'), WEBCHAT_LICENSE_FILE);
    renameSync(extracted, WEBCHAT_FILE);
    log.info(`Web Chat bundle ready: ${WEBCHAT_FILE}`);
    return WEBCHAT_FILE;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
