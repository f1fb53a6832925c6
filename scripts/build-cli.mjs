#!/usr/bin/env node
// Bundles the `tandem` command (src/cli/main.ts and the sources it imports, not node_modules) into
// dist/cli/tandem.mjs, so a command starts in plain Node without compiling TypeScript first: about
// half the start-up time, which the CLI tests pay once per case. `--if-stale` builds only when the
// bundle is missing or older than a source; bin/tandem.js falls back to the sources through tsx
// whenever the bundle is stale, so an edit is never run from an old bundle.
//
// The bundle sits two folders down (dist/cli/), as the sources do (src/<room>/), because the code
// finds web/dist and migrations/ relative to its own file (src/http/app.ts, src/store/migrate.ts).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE, bundleIsFresh } from '../bin/cli-bundle.js';

const root = path.resolve(import.meta.dirname, '..');
if (process.argv.includes('--if-stale') && existsSync(BUNDLE) && bundleIsFresh()) process.exit(0);

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  plugins: [
    {
      // Packages stay in node_modules (native addons, wasm and data files load from there), except
      // JSON files, which Node 20 only imports with an import attribute the sources do not write.
      name: 'packages-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.endsWith('.json') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
