#!/usr/bin/env node
// The `tandem` command: the bundle from scripts/build-cli.mjs when it is current (plain Node starts
// it in about half the time), else the TypeScript sources through tsx (no build step needed).
import { bundleIsFresh, BUNDLE } from './cli-bundle.js';

if (bundleIsFresh()) {
  await import(BUNDLE);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
