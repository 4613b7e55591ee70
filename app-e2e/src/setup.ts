/**
 * Per test file: whatever process group is still running at the end (a launch that timed out,
 * a hook that failed before closing the app) is stopped, so the next file starts clean.
 */
import { afterAll } from 'vitest';
import { stopAllGroups } from './processes';

afterAll(async () => {
  await stopAllGroups();
});
