/**
 * What the export's question says about each organization Rust's `export_check` lists: why it
 * is not up to date, the age of the answer an export would use, and whether it is left out.
 * `now` is passed in, so a test reads the same ages on any day.
 */
import { relativeTime, type ShownAge } from '../format/relative';
import type { DateOptions } from '../format/dates';
import type { ExportDone, OrgStatus } from '../types';

/** Whether an export would use older rows of the organization, or leave it out. */
export function isLeftOut(org: OrgStatus): boolean {
  return org.fetchedAt === null;
}

/** One line of the question: "cached 3 h ago", "failed: … — left out of the export". */
export function shortfallText(
  org: OrgStatus,
  now: number,
  options: Omit<DateOptions, 'withTime'> = {},
): ShownAge {
  const age = org.fetchedAt === null ? null : relativeTime(org.fetchedAt, now, options);
  const title = age?.title ?? 'Nothing of this organization is loaded.';
  const uses = age ? `its answer from ${age.text} is exported` : 'left out of the export';
  switch (org.state) {
    case 'cached':
      return { text: `cached ${age?.text ?? ''}`.trim(), title };
    case 'failed':
      return {
        text: `failed: ${org.error?.message ?? 'the last fetch did not work.'} — ${uses}`,
        title,
      };
    case 'loading':
      return { text: `still loading — ${uses}`, title };
    case 'notLoaded':
      return { text: 'not loaded — left out of the export', title };
    case 'fresh':
      return { text: 'up to date', title };
  }
}

/** The question's heading for `orgs`: how many are left out and how many would be exported from an older answer. */
export function shortfallSummary(orgs: readonly OrgStatus[]): string {
  const leftOut = orgs.filter(isLeftOut).length;
  const older = orgs.length - leftOut;
  const parts = [
    leftOut > 0 ? `${leftOut} would be left out` : '',
    older > 0 ? `${older} would be exported from an older answer` : '',
  ].filter(Boolean);
  const count =
    orgs.length === 1
      ? '1 organization of this view is'
      : `${orgs.length} organizations of this view are`;
  return `${count} not up to date: ${parts.join(', ')}.`;
}

/** The line shown when an export ended (`null`: the save dialog was cancelled). */
export function exportDoneText(done: ExportDone | null): string {
  if (done === null) return 'Export cancelled.';
  const manifest = done.manifestPath ? ` (manifest: ${done.manifestPath})` : '';
  const gaps = [
    done.missingOrgs > 0
      ? `${done.missingOrgs} ${done.missingOrgs === 1 ? 'organization' : 'organizations'} left out`
      : '',
    done.staleOrgs > 0 ? `${done.staleOrgs} from an older answer` : '',
  ].filter(Boolean);
  const recorded =
    done.historyNumber === null ? '' : `, export ${done.historyNumber} of the history`;
  return `Exported ${done.rows} invoices to ${done.path}${manifest}${recorded}${gaps.length ? `. Not up to date: ${gaps.join(', ')}${done.manifestPath ? ', as the manifest lists' : ''}.` : ''}`;
}
