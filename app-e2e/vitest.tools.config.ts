import { defineConfig } from 'vitest/config';
import { ByName } from './src/sequencer';

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
    sequence: { sequencer: ByName },
    setupFiles: ['src/setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    reporters: ['verbose'],
  },
});
