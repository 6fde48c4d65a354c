import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser tests share two cores: one file at a time keeps them deterministic.
    fileParallelism: false,
  },
});
