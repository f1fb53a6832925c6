// Where the bundled `tandem` command lives, and whether it is current (built by scripts/build-cli.mjs).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const BUNDLE = path.join(root, 'dist/cli/tandem.mjs');

function newestSource(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** True when the bundle exists and no source, nor the lock file, is newer. */
export function bundleIsFresh() {
  if (!existsSync(BUNDLE)) return false;
  const built = statSync(BUNDLE).mtimeMs;
  return (
    newestSource(path.join(root, 'src')) <= built &&
    statSync(path.join(root, 'package-lock.json')).mtimeMs <= built
  );
}
