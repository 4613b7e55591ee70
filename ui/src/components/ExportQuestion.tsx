import { useEffect, useId, useRef } from 'preact/hooks';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import { shortfallSummary, shortfallText } from '../state/exportCheck';
import { orgName } from '../state/orgs';
import type { OrgStatus } from '../types';

/** Organizations listed by name; the rest are counted (a pasted list can hold a thousand). */
const LISTED = 8;

type Props = {
  orgs: readonly OrgStatus[];
  /** When the list was read, for the ages of the answers. */
  at: number;
  /** The listed organizations are being fetched ("Fetch first" was chosen). */
  fetching: boolean;
  onFetchFirst: () => void;
  onExportAnyway: () => void;
  onCancel: () => void;
};

/**
 * The question before an export of a view that is not up to date: which organizations
 * failed, are loading or show an older answer (with its age), and what to do: fetch them
 * first, export anyway (the manifest then lists them), or cancel.
 */
export function ExportQuestion({
  orgs,
  at,
  fetching,
  onFetchFirst,
  onExportAnyway,
  onCancel,
}: Props) {
  const panel = useRef<HTMLDivElement>(null);
  // Where the keyboard was when the question came up (the Export button, the palette's opener…):
  // Escape goes back there, and so does an answer that takes the question away.
  const opener = useRef<HTMLElement | null>(
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  const id = useId();
  // Focus on the first answer, Tab kept among the answers, Escape cancels.
  const focus = usePopoverFocus({ open: true, close: onCancel, trigger: opener, panel });

  useEffect(
    () => () => {
      const left = document.activeElement;
      if (!left || left === document.body) opener.current?.focus();
    },
    [],
  );

  const more = orgs.length - LISTED;
  return (
    <div
      class="banner banner-warning export-question"
      role="alertdialog"
      ref={panel}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-list`}
      data-testid="export-question"
      onKeyDown={focus.onKeyDown}
      onFocusOut={focus.onFocusOut}
    >
      <p id={`${id}-title`} class="export-question-title">
        {shortfallSummary(orgs)}
      </p>
      <ul id={`${id}-list`} class="export-question-orgs">
        {orgs.slice(0, LISTED).map((org) => {
          const shown = shortfallText(org, at);
          return (
            <li
              key={org.orgId}
              data-testid="export-question-org"
              data-org-id={org.orgId}
              data-state={org.state}
            >
              <strong>{orgName(org)}</strong>: <span title={shown.title}>{shown.text}</span>
            </li>
          );
        })}
      </ul>
      {more > 0 && <p class="muted">and {more} more</p>}
      <p class="muted">
        Export anyway writes what is loaded; with a manifest, it lists these organizations under
        failed and stale, with the age of each answer.
      </p>
      <div class="form-actions">
        <button
          type="button"
          data-testid="export-fetch-first"
          disabled={fetching}
          onClick={onFetchFirst}
        >
          {fetching ? 'Fetching…' : 'Fetch first'}
        </button>
        <button
          type="button"
          data-testid="export-anyway"
          disabled={fetching}
          onClick={onExportAnyway}
        >
          Export anyway
        </button>
        <button type="button" data-testid="export-question-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
