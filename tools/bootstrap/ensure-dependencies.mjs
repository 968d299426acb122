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
  process.stdout.write('Installing the locked dependencies…\n');
  // `npm install` rather than `npm ci`: the lockfile lacks the optional native bindings of other
  // platforms that the registry mirror does not carry, which `npm ci` treats as out of sync.
  // With an up-to-date lockfile `npm install` installs exactly the locked versions.
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
