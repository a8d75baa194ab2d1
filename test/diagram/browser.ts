import * as fs from 'fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's headless Chromium (.ci/run installs it); CHROMIUM_PATH points elsewhere. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].filter((p): p is string => p !== undefined && p !== '');
  const found = candidates.find((p) => fs.existsSync(p));
  if (found === undefined) {
    throw new Error(`no headless Chromium at ${candidates.join(', ')}: install it with \`apt-get install chromium-headless-shell\` (.ci/run does) or set CHROMIUM_PATH`);
  }
  return found;
}

/**
 * A real headless Chromium, driven by playwright-core (no browser download: the Debian package's binary).
 * Playwright gives every launch a fresh temporary profile (--user-data-dir), removed on close.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
