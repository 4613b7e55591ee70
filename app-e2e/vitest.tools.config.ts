import { defineConfig } from 'vitest/config';

/**
 * The WebDriver tools that are not tests: the README screenshot (scripts/window-shot.sh) and
 * the window benchmark (scripts/bench-window.sh). Same runner as the suite, longer timeouts
 * (the benchmark loads 100k invoices into the window).
 */
export default defineConfig({
  test: {
    include: ['tools/**/*.tool.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 900_000,
    hookTimeout: 300_000,
    reporters: ['verbose'],
  },
});
