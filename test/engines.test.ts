// Every installed package runs on the Node versions Tandem says it supports (package.json engines):
// a dependency that quietly requires a newer Node (as cookie 2 did) fails here, not in production.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// semver is in node_modules through our tools (not a dependency of ours, and untyped): the two calls used.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

interface LockEntry {
  engines?: Record<string, string> | string[];
}
const lock = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

describe('engines', () => {
  it('no package in the lock file excludes this Node or the oldest one Tandem supports', () => {
    const ours = (lock.packages['']?.engines as Record<string, string> | undefined)?.node;
    expect(ours).toBeDefined();
    const oldest = semver.minVersion(ours!)!.version;
    const excluded: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!where || !range) continue;
      for (const version of [process.versions.node, oldest]) {
        if (!semver.satisfies(version, range)) excluded.push(`${where} needs node ${range}, not ${version}`);
      }
    }
    expect(excluded).toEqual([]);
  });
});
