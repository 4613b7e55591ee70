/**
 * Organization helpers shared by the sidebar, the connection form and the banners.
 */
import type { DateOptions } from '../format/dates';
import { relativeTime, type ShownAge } from '../format/relative';
import type { OrgStatus, Settings } from '../types';

/** Splits pasted IDs the way Rust does: whitespace, commas and semicolons; blanks dropped. */
export function splitOrgIds(text: string): string[] {
  return text.split(/[\s,;]+/).filter((id) => id !== '');
}

/** The name to show for an organization: its label, else its ID. */
export function orgName(org: { orgId: string; label: string | null }): string {
  return org.label && org.label.trim() !== '' ? org.label : org.orgId;
}

/** A label as typed: surrounding blanks dropped; nothing left = no label (the ID is shown). */
export function labelFromInput(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The label Rust saved for `orgId` in the active connection of `settings` (it may have
 * normalized what was sent); `undefined` when that connection does not list the organization
 * (demo data has no connection), so the caller keeps what it sent.
 */
export function savedLabel(settings: Settings, orgId: string): string | null | undefined {
  const connection = settings.connections.find((entry) => entry.name === settings.activeConnection);
  return connection?.organizations.find((org) => org.orgId === orgId)?.label;
}

/** Whether the data shown for `org` is older than a fresh fetch (from disk, or a failed refresh). */
export function isStale(org: OrgStatus): boolean {
  // A refresh in flight still shows the older data (at launch: the saved copy) until it lands,
  // so that data is marked with its age from the first paint, not only once the refresh fails.
  return (
    org.fetchedAt !== null &&
    (org.state === 'cached' || org.state === 'failed' || org.state === 'loading')
  );
}

/** The age of the oldest data in view, for the stale-data banner. */
export type StaleAge = ShownAge & {
  /** The oldest fetch time among the stale organizations (RFC 3339), for `<time dateTime>`. */
  since: string;
};

/**
 * The stale-data line for the organizations in view: the oldest fetch time among stale ones,
 * as an age relative to `now` (milliseconds since the epoch) with the exact local time for the
 * hover text, or `null` when everything shown is fresh.
 */
export function staleSince(
  orgs: readonly OrgStatus[],
  now: number,
  options: Omit<DateOptions, 'withTime'> = {},
): StaleAge | null {
  let oldest: number | null = null;
  let oldestIso = '';
  for (const org of orgs) {
    if (!isStale(org) || org.fetchedAt === null) continue;
    const time = Date.parse(org.fetchedAt);
    if (Number.isNaN(time)) continue;
    if (oldest === null || time < oldest) {
      oldest = time;
      oldestIso = org.fetchedAt;
    }
  }
  if (oldest === null) return null;
  return { since: oldestIso, ...relativeTime(oldestIso, now, options) };
}

/** Organizations in view whose rows were fetched before the service refused the token for them. */
export function refusedOrgs(orgs: readonly OrgStatus[]): OrgStatus[] {
  return orgs.filter((org) => org.refused && org.fetchedAt !== null);
}

/** Organizations whose last fetch failed, for the error banner. */
export function failedOrgs(orgs: readonly OrgStatus[]): OrgStatus[] {
  return orgs.filter((org) => org.state === 'failed' && org.error !== null);
}

/** A short word for an organization's state in the sidebar. */
export function stateLabel(org: OrgStatus): string {
  // Rows from before the service refused the token say so first: they may no longer be this token's to see.
  if (org.refused && org.fetchedAt !== null)
    return `${org.invoices} invoices (token refused since)`;
  switch (org.state) {
    case 'notLoaded':
      return 'not loaded';
    case 'loading':
      return org.fetchedAt ? `${org.invoices} invoices (refreshing…)` : 'loading…';
    case 'fresh':
      return `${org.invoices} invoices`;
    case 'cached':
      return `${org.invoices} invoices (saved copy)`;
    case 'failed':
      return org.fetchedAt ? `${org.invoices} invoices (refresh failed)` : 'failed';
  }
}
