import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // Several suites start JVMs (Maven, Kafka, Storm, Flink); on 2 cores they run one file at a time
    // so no suite's timeouts depend on what another suite is doing.
    fileParallelism: false,
  },
});
