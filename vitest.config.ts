import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/worker-database.ts', 'test/support/password-hash-cost.ts'],
    testTimeout: 30_000,
    // A browser file's set-up may wait for the run's one demo seed (seconds quiet, a minute under load).
    hookTimeout: 180_000,
    // Two files at a time (vitest's default is one fewer than the CPUs: one, on a 2-core machine),
    // and one module graph per worker rather than one per file: most files spend longer importing
    // the app than testing it. Files share no module state (each opens its own database and app).
    maxWorkers: 2,
    isolate: false,
  },
});
