// Runs before `npm start` and `npm test` (npm pre-scripts), on whatever Node the machine has:
// on a fresh clone, or after package-lock.json changed, it installs the locked dependencies —
// including the pinned Node.js runtime (the `node` package) that every later script runs on.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) ||
  !existsSync('node_modules/.bin/node') ||
  statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;

if (stale) {
  process.stdout.write('Installing the locked dependencies (npm ci)…\n');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
