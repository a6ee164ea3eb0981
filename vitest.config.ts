import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // PGlite is WASM and some tests spawn the server: separate processes keep them apart.
    pool: 'forks',
    // Two at a time, whatever the core count: most files spend their time waiting on sockets, timers and child
    // processes, not computing, so a second file overlaps the first's waits (vitest's default is cores − 1, one here).
    maxWorkers: 2,
    // Bounds on waiting, not measurements: generous, so a busy machine is not mistaken for a broken one.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
