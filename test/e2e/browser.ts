/**
 * Debian's Chromium driven by playwright-core, kept on loopback: no background networking, every
 * host name except localhost unresolvable, a fresh profile per launch. Screenshots go to
 * test-artifacts/ (git-ignored). When the browser is missing, tests skip, except under CI=true
 * where they fail (so CI can't pass by not testing).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = resolve(__dirname, '../../test-artifacts');

/** Why browser tests cannot run here, or undefined when they can. Throws under CI=true. */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const why = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`${why}; CI=true, so a missing browser fails the run`);
  return why;
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  // playwright gives every launch() a fresh, empty profile in a temporary folder (and removes it).
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-quic',
      '--metrics-recording-only',
      // Headless tabs count as background: Chromium would lower the renderer's CPU priority
      // (nice +5), which on a busy machine makes Web Chat's 4 MB bundle take seconds to start.
      // A person's tab is in the foreground; so is this one.
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
