/**
 * The stale-data banner says how old the data shown is as an age ("3 h ago"), with the exact
 * local time on hover and in `<time dateTime>`.
 */
import { expect, test } from './fixtures';
import { DEMO_ORGS, mockTauri } from './tauri-mock';

const HOUR = 3_600_000;

test('cached data reads "Showing data cached 3 h ago", the exact time on hover', async ({
  page,
}) => {
  const cachedAt = new Date(Date.now() - 3 * HOUR - 60_000).toISOString();
  await mockTauri(page, {
    orgs: [
      {
        ...DEMO_ORGS[0]!,
        cachedAt,
        error: { code: 'network', message: 'The server could not be reached.' },
      },
    ],
  });
  await page.goto('/');
  const banner = page.getByTestId('stale-banner');
  await expect(banner).toContainText('Showing data cached 3 h ago. Refresh to try again.');
  const age = banner.getByTestId('stale-age');
  await expect(age).toHaveAttribute('datetime', cachedAt);
  // The exact time in the page's own zone: its year and its minutes (":07"), whatever the locale writes around them.
  const local = await page.evaluate(
    (iso) => ({ year: new Date(iso).getFullYear(), minutes: new Date(iso).getMinutes() }),
    cachedAt,
  );
  await expect(age, 'the hover text is the exact local date and time').toHaveAttribute(
    'title',
    new RegExp(`${local.year}.*:${String(local.minutes).padStart(2, '0')}`),
  );
});
