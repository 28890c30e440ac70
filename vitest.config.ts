import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // JVM and Maven suites share 2 cores; keep the heavy ones from running at once.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
