import { defineConfig } from 'vitest/config';

/**
 * `npm test`: unit tests of the pure logic and the server side in Node, and component tests of the Lit elements
 * in Debian's Chromium. global-setup.ts starts one Vite dev server and one Chromium for the whole run; each
 * component test file works in its own browser context (src/test-support/component-harness.ts).
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
