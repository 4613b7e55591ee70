import { defineConfig } from 'vitest/config';
import { ByName } from './src/sequencer';

/**
 * The end-to-end suite of the real window. One app at a time (single-instance, and a 2-core
 * machine), files in a fixed order, generous timeouts: a debug WebKitGTK app takes seconds to
 * start. Run it through scripts/app-e2e.sh, which provides Xvfb, the keyring and the builds.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { sequencer: ByName },
    setupFiles: ['src/setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    reporters: ['verbose'],
  },
});
