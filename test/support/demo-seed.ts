// The demo workspace as the tests seed it: the product's demo (src/cli/seed-demo.ts) at the test scale,
// so a run pays seconds for it, not the product demo's minute.
import { demoSeeder } from '../../src/cli/seed-demo.js';
import type { DemoSeeder } from '../../src/services/demo-workspace.js';

export const seedTestDemo = demoSeeder('demoTest');

/** A demo workspace with its members and no history, for tests that need only that it exists. */
export const EMPTY_DEMO: DemoSeeder = { historyStart: (now) => now, fill: async () => undefined };
