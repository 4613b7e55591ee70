import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  exportFolderOpen,
  exportHistory,
  historyVerify,
  toUserError,
  type UserError,
} from '../ipc';
import { formatCount } from '../format/count';
import {
  formatLabel,
  formatWhen,
  verifies,
  verifyHeadline,
  verifyNotes,
  verifyProblems,
} from '../state/changes';
import type { ExportEntry, VerifyReport } from '../types';
import { ErrorBanner } from './ErrorBanner';

type Props = {
  /** Opens the Changes tab comparing with export `number`. */
  onShowChanges: (number: number) => void;
  /** Says in the window's status line what a button did (e.g. the folder it opened). */
  onNotice: (text: string) => void;
};

type Load =
  | { state: 'loading' }
  | { state: 'ready'; entries: ExportEntry[] }
  | { state: 'failed'; error: UserError };

type Verify =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; report: VerifyReport }
  | { state: 'failed'; error: UserError };

/**
 * Every export recorded for the data source on screen, newest first (Rust's history): when,
 * which format, how many rows and organizations, the view in words and the file. Each row can
 * open its file's folder and show what changed since; "Verify history" checks the history's
 * hash chain and the exported files.
 */
export function ExportHistoryTab({ onShowChanges, onNotice }: Props) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [verify, setVerify] = useState<Verify>({ state: 'idle' });
  const [folderFailure, setFolderFailure] = useState<{ error: UserError; number: number } | null>(
    null,
  );

  const fetch = useCallback(() => {
    let current = true;
    setLoad({ state: 'loading' });
    exportHistory().then(
      (entries) => current && setLoad({ state: 'ready', entries }),
      (raw: unknown) => current && setLoad({ state: 'failed', error: toUserError(raw) }),
    );
    return () => {
      current = false;
    };
  }, []);
  useEffect(fetch, [fetch]);

  const openFolder = useCallback(
    (number: number) => {
      setFolderFailure(null);
      exportFolderOpen(number).then(
        (path) => onNotice(`Opened the folder ${path}.`),
        (raw: unknown) => setFolderFailure({ error: toUserError(raw), number }),
      );
    },
    [onNotice],
  );

  const runVerify = useCallback(() => {
    setVerify({ state: 'running' });
    historyVerify().then(
      (report) => setVerify({ state: 'done', report }),
      (raw: unknown) => setVerify({ state: 'failed', error: toUserError(raw) }),
    );
  }, []);

  if (load.state === 'loading') {
    return (
      <div
        class="skeleton-block"
        data-testid="loading"
        role="progressbar"
        aria-busy="true"
        aria-label="Loading the export history"
      >
        <span class="skeleton" />
        <span class="skeleton" />
      </div>
    );
  }
  if (load.state === 'failed') return <ErrorBanner error={load.error} onRetry={fetch} />;

  return (
    <div class="history">
      <div class="toolbar">
        <button
          type="button"
          data-testid="history-verify"
          disabled={verify.state === 'running'}
          onClick={runVerify}
        >
          {verify.state === 'running' ? 'Verifying…' : 'Verify history'}
        </button>
      </div>
      {verify.state === 'done' && <VerifyResult report={verify.report} />}
      {verify.state === 'failed' && <ErrorBanner error={verify.error} onRetry={runVerify} />}
      {folderFailure && (
        <ErrorBanner error={folderFailure.error} onRetry={() => openFolder(folderFailure.number)} />
      )}
      {load.entries.length === 0 ? (
        <p class="empty-state" data-testid="history-empty">
          Nothing has been exported from here yet.
        </p>
      ) : (
        <HistoryTable
          entries={load.entries}
          onOpenFolder={openFolder}
          onShowChanges={onShowChanges}
        />
      )}
    </div>
  );
}

function VerifyResult({ report }: { report: VerifyReport }) {
  const clean = verifies(report);
  const problems = verifyProblems(report);
  const notes = verifyNotes(report);
  return (
    <div
      class={`verify-result ${clean ? 'verify-clean' : 'banner banner-error'}`}
      role="status"
      data-testid="history-verify-result"
      data-clean={String(clean)}
    >
      <p>{verifyHeadline(report)}</p>
      {problems.length > 0 && (
        <ul data-testid="history-verify-problems">
          {problems.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        <>
          <p class="verify-notes-title">Notes:</p>
          <ul data-testid="history-verify-notes">
            {notes.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

type TableProps = {
  entries: readonly ExportEntry[];
  onOpenFolder: (number: number) => void;
  onShowChanges: (number: number) => void;
};

function HistoryTable({ entries, onOpenFolder, onShowChanges }: TableProps) {
  return (
    <div class="history-scroll">
      <table class="data-table history-table" data-testid="history-table">
        <caption class="visually-hidden">Exports made from here, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Export</th>
            <th scope="col">Made</th>
            <th scope="col">Format</th>
            <th scope="col" class="numeric">
              Rows
            </th>
            <th scope="col" class="numeric">
              Organizations
            </th>
            <th scope="col">View</th>
            <th scope="col">File</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const pruned = `history-pruned-${entry.number}`;
            const orgs = entry.organizations.join(', ');
            return (
              <tr key={entry.number} data-testid="history-row" data-number={entry.number}>
                <td class="numeric">{entry.number}</td>
                <td>
                  <time dateTime={entry.at} title={entry.at}>
                    {formatWhen(entry.at)}
                  </time>
                </td>
                <td>{formatLabel(entry.format)}</td>
                <td class="numeric">{formatCount(entry.rows)}</td>
                <td class="numeric">
                  <span title={orgs} data-testid="history-orgs">
                    {formatCount(entry.organizations.length)}
                  </span>
                  {orgs && <span class="visually-hidden">: {orgs}</span>}
                </td>
                <td>{entry.view}</td>
                <td class="history-file">
                  {entry.path ?? <span class="muted">standard output</span>}
                </td>
                <td class="history-actions">
                  <button
                    type="button"
                    data-testid="history-folder"
                    disabled={entry.path === null}
                    onClick={() => onOpenFolder(entry.number)}
                  >
                    Show folder
                  </button>
                  <button
                    type="button"
                    data-testid="history-changes"
                    disabled={!entry.hasSnapshot}
                    aria-describedby={entry.hasSnapshot ? undefined : pruned}
                    onClick={() => onShowChanges(entry.number)}
                  >
                    Changes since
                  </button>
                  {!entry.hasSnapshot && (
                    <span class="muted history-pruned" id={pruned} data-testid="history-pruned">
                      its snapshot was pruned
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
