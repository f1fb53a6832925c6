#!/usr/bin/env node
// Builds the web app when web/dist is missing or older than its sources (`--if-stale`), else always.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web/dist/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const stale =
  !existsSync(dist) ||
  newest(path.join(root, 'web')) > statSync(dist).mtimeMs ||
  statSync(path.join(root, 'vite.config.ts')).mtimeMs > statSync(dist).mtimeMs;
if (process.argv.includes('--if-stale') && !stale) process.exit(0);
process.stderr.write('Building the web app…\n');
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
    // Vite keeps an inherited NODE_ENV (vitest sets `test`), which would bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  },
);

// A bundle must not point browsers at a source map: maps are built hidden and never served.
const assets = path.join(root, 'web/dist/assets');
for (const name of readdirSync(assets)) {
  if (!/\.(js|css)$/.test(name)) continue;
  const ref = /[#@] sourceMappingURL=(\S+)/.exec(readFileSync(path.join(assets, name), 'utf8'));
  if (ref) {
    process.stderr.write(`web/dist/assets/${name} refers to a source map (${ref[1]}); build maps hidden.\n`);
    process.exit(1);
  }
}
