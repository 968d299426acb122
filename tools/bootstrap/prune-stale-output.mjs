// Runs after `tsc -b`: the compiler never deletes the output of a source file that was removed or
// renamed, and a stale migration or test in dist/ would still be run. Deletes every compiled file
// of apps/*, libs/* and tools/* whose TypeScript source no longer exists.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const SUFFIXES = ['.d.ts.map', '.js.map', '.d.ts', '.js'];
let removed = 0;

function walk(dir, visit) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, visit);
    else visit(full);
  }
}

for (const group of ['apps', 'libs', 'tools']) {
  if (!existsSync(group)) continue;
  for (const project of readdirSync(group)) {
    const dist = path.join(group, project, 'dist');
    if (!existsSync(dist)) continue;
    walk(dist, (file) => {
      const suffix = SUFFIXES.find((s) => file.endsWith(s));
      if (!suffix) return;
      const source = path.join(group, project, 'src', path.relative(dist, file).slice(0, -suffix.length) + '.ts');
      if (!existsSync(source)) {
        rmSync(file);
        removed++;
      }
    });
  }
}
if (removed) process.stdout.write(`removed ${removed} stale compiled file(s)\n`);
