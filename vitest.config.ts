import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src-core/**/*.test.ts', 'src-main/**/*.test.ts', 'src-agent/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests that use network namespaces and the UML kernel must not race each other.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
