/**
 * axe-core in the browser tests: the WCAG 2.0, 2.1 and 2.2 A and AA rules run against the
 * page as it is (built UI, the app's CSP, mocked IPC). No rule is disabled: a rule that does
 * not apply to a state belongs in `disabled` below with the reason, in a comment.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Rules switched off for every state, each with why it does not apply. None so far. */
const disabled: string[] = [];

/** One line per violation: the rule, its impact, what it asks, and the elements at fault. */
export async function axeViolations(page: Page): Promise<string[]> {
  // The app has no frames, so axe runs in the page itself (legacy mode): the default path opens
  // a blank page for every scan to merge frame results, a cost that buys nothing here and
  // pushes a state's chain of scans towards the test timeout on a loaded machine.
  const results = await new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    .disableRules(disabled)
    .setLegacyMode()
    .analyze();
  expect(results.passes.length, 'axe ran its rules on this page').toBeGreaterThan(10);
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help} — ${violation.nodes
        .slice(0, 5)
        .map(
          (node) => `${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`,
        )
        .join(' | ')}`,
  );
}

/** Fails with every violation axe finds in `state`. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(await axeViolations(page), `${state}: no WCAG A or AA violation`).toEqual([]);
}
