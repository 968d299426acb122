import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/**
 * Browser tests drive Debian's Chromium with playwright-core (no browser download: this network
 * only reaches the npm registry and Debian). When the browser is missing, the test run installs
 * it with apt-get if it can (as root); otherwise the suite is registered as skipped with the
 * reason, as the Kafka and Elasticsearch suites are.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a closed network, as root: without the background-networking
 * ones Chromium keeps trying to reach Google's services and the sandbox refuses to run as root.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ChromiumAvailability = { path: string; installed: boolean } | { skip: string };

let availability: ChromiumAvailability | undefined;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds Chromium, installing Debian's package when it is missing and this process may (once per process). */
export function ensureChromium(): ChromiumAvailability {
  availability ??= findOrInstall();
  return availability;
}

function findOrInstall(): ChromiumAvailability {
  if (executable(CHROMIUM_PATH)) return { path: CHROMIUM_PATH, installed: false };
  if (process.env['CHROMIUM_PATH']) return { skip: `CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable` };
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) return { skip: `${CHROMIUM_PATH} is missing and this is not a Debian system (install chromium, or set CHROMIUM_PATH)` };
  if (process.getuid?.() !== 0) return { skip: `${CHROMIUM_PATH} is missing and installing it needs root (run: apt-get install -y chromium)` };
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  process.stderr.write(`\n[browser] ${CHROMIUM_PATH} is missing: installing Debian's chromium package (apt-get install -y chromium)…\n`);
  try {
    try {
      apt(['install', '-y', '--no-install-recommends', 'chromium']);
    } catch {
      // A machine that never ran apt-get update has no package lists yet.
      apt(['update']);
      apt(['install', '-y', '--no-install-recommends', 'chromium']);
    }
  } catch (error) {
    const detail = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n').slice(-2).join(' ');
    return { skip: `${CHROMIUM_PATH} is missing and apt-get could not install chromium (${detail})` };
  }
  if (!executable(CHROMIUM_PATH)) return { skip: `apt-get installed chromium but ${CHROMIUM_PATH} is still missing` };
  process.stderr.write(`[browser] chromium installed at ${CHROMIUM_PATH}\n`);
  return { path: CHROMIUM_PATH, installed: true };
}

/**
 * A describe block that runs when Chromium is available (installed on the way if needed), and
 * otherwise one skipped test whose name gives the reason, also printed to the test output.
 */
export function describeWithChromium(title: string, body: (chromiumPath: string) => void): void {
  const found = ensureChromium();
  if ('path' in found) {
    describe(title, () => body(found.path));
    return;
  }
  describe(title, () => {
    it.skip(`skipped: ${found.skip}`, () => undefined);
  });
  process.stderr.write(`\n[skip] ${title}: ${found.skip}\n`);
}

/** Launches headless Chromium; playwright gives each launch a fresh temporary profile (user data dir). */
export async function launchChromium(chromiumPath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
