import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { copyWhenReady } from '../clipboard';
import { focusReturn, type FocusReturn } from '../focus/focusReturn';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import { formatInstant } from '../format/dates';
import { aboutInfo, folderOpen, toUserError, type UserError } from '../ipc';
import type { About, FolderKind } from '../types';
import { updateMark, updateSnapshot, useUpdateStatus } from '../updates/updateStatus';
import { AboutUpdates } from './AboutUpdates';

/** The header's About button: the focus goes back to it when what opened the dialog is gone (the palette). */
export const ABOUT_BUTTON_ID = 'about-button';

/** The folders as the dialog names them. */
export const FOLDER_LABELS: Readonly<Record<FolderKind, string>> = {
  config: 'Settings',
  data: 'Data',
  cache: 'Cache',
  logs: 'Logs',
};

type Props = {
  /** Closes the dialog (the caller stops rendering it). */
  onClose: () => void;
  /** Where the focus was when the dialog was asked for; else what has it at the first render. */
  returnTo?: FocusReturn | undefined;
};

type Copy = { state: 'idle' } | { state: 'copied' } | { state: 'failed'; message: string };

/**
 * About Billing Desk: a modal dialog with the versions (app, commit, Tauri, web view, OS), where
 * updates stand (see AboutUpdates), the app's four folders with their paths and an Open button
 * each, this run's recent errors, and "Copy diagnostics" (the text Rust wrote for a support
 * request, also shown under "Show diagnostics" so the user sees what they would send). The
 * focus stays inside while it is open; Escape or Close gives it back to what opened it.
 */
export function AboutDialog({ onClose, returnTo }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  // Read at the first render, before the dialog takes the focus.
  const [back] = useState(() => returnTo ?? focusReturn(document.activeElement));
  /**
   * Where the focus goes back to, found again when the dialog closes, as the page is then. When
   * that place is gone (the palette was opened over nothing), the About button takes the focus.
   */
  const opener = useRef<HTMLElement | null>(null);
  const returnTarget = () => (opener.current = back() ?? document.getElementById(ABOUT_BUTTON_ID));
  const closing = () => {
    returnTarget();
    onClose();
  };
  const focus = usePopoverFocus({ open: true, close: closing, trigger: opener, panel });
  const id = useId();
  const [about, setAbout] = useState<About | null>(null);
  const [loadError, setLoadError] = useState<UserError | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [folderNote, setFolderNote] = useState('');
  const [copy, setCopy] = useState<Copy>({ state: 'idle' });

  // Before the first paint, so that a key pressed as soon as the dialog shows (Escape) is the dialog's.
  useLayoutEffect(() => {
    returnTarget();
    // The dialog itself first: a screen reader reads its name, Tab enters its controls.
    panel.current?.focus();
    // However it closes (Escape, Close, a click outside), a focus left inside goes back.
    return () => {
      const left = document.activeElement;
      if (!left || left === document.body || panel.current?.contains(left)) returnTarget()?.focus();
    };
  }, []);

  const load = useCallback(() => {
    setLoadError(null);
    const mark = updateMark();
    aboutInfo().then(
      (answer) => {
        updateSnapshot(answer.updates, mark);
        setAbout(answer);
      },
      (raw: unknown) => setLoadError(toUserError(raw)),
    );
  }, []);
  const updates = useUpdateStatus();
  useEffect(load, [load]);

  const close = () => {
    closing();
    opener.current?.focus();
  };

  const open = (kind: FolderKind) => {
    setFolderError(null);
    setFolderNote('');
    folderOpen(kind).then(
      (path) => setFolderNote(`Opened the ${FOLDER_LABELS[kind].toLowerCase()} folder ${path}.`),
      (raw: unknown) => setFolderError(toUserError(raw).message),
    );
  };

  const copyDiagnostics = () => {
    if (!about) return;
    setCopy({ state: 'idle' });
    // Still inside the click: see copyWhenReady.
    copyWhenReady(Promise.resolve(about.diagnostics)).then(
      () => setCopy({ state: 'copied' }),
      () =>
        setCopy({
          state: 'failed',
          message:
            'The diagnostics could not be copied to the clipboard. Open “Show diagnostics” and copy the text from there.',
        }),
    );
  };

  return (
    <div class="dialog-backdrop">
      <div
        ref={panel}
        class="dialog about"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        tabIndex={-1}
        data-testid="about-dialog"
        onKeyDown={focus.onKeyDown}
        onFocusOut={focus.onFocusOut}
      >
        <h2 id={`${id}-title`} class="dialog-title">
          About Billing Desk
        </h2>
        {loadError ? (
          <div class="banner banner-error" role="alert" data-testid="about-load-error">
            <p>{loadError.message}</p>
            <button type="button" onClick={load}>
              Retry
            </button>
          </div>
        ) : !about ? (
          <p class="muted" aria-busy="true">
            Loading…
          </p>
        ) : (
          <>
            <div class="about-facts">
              <p data-testid="about-version">
                <strong>Billing Desk {about.version}</strong>{' '}
                <span class="muted">(commit {about.commit})</span>
              </p>
              <p data-testid="about-runtime">
                Tauri {about.tauri}, web view {about.webview}
              </p>
              <p data-testid="about-os">OS: {about.os}</p>
            </div>

            <h3 class="dialog-section" id={`${id}-updates`}>
              Updates
            </h3>
            <AboutUpdates status={updates ?? about.updates} labelledBy={`${id}-updates`} />

            <h3 class="dialog-section">Folders</h3>
            <ul class="about-folders">
              {about.folders.map((folder) => {
                const label = FOLDER_LABELS[folder.kind];
                return (
                  <li
                    key={folder.kind}
                    class="about-folder"
                    data-testid={`about-folder-${folder.kind}`}
                  >
                    <span class="about-folder-label">{label}</span>
                    <code class="about-path" data-testid={`about-folder-path-${folder.kind}`}>
                      {folder.path}
                    </code>
                    <button
                      type="button"
                      data-testid={`about-folder-open-${folder.kind}`}
                      aria-label={`Open the ${label.toLowerCase()} folder`}
                      onClick={() => open(folder.kind)}
                    >
                      Open
                    </button>
                  </li>
                );
              })}
            </ul>
            {folderError && (
              <p class="form-error about-error-text" role="alert" data-testid="about-folder-error">
                {folderError}
              </p>
            )}
            <p class="visually-hidden" role="status" data-testid="about-folder-status">
              {folderNote}
            </p>

            <h3 class="dialog-section">Recent errors</h3>
            <div data-testid="about-errors">
              {about.recentErrors.length === 0 ? (
                <p class="muted">No errors since the app started.</p>
              ) : (
                <ul class="about-recent-errors">
                  {about.recentErrors.map((error, index) => (
                    <li
                      key={`${error.at}-${index}`}
                      data-testid="about-error"
                      data-code={error.code}
                    >
                      <time dateTime={error.at} title={error.at}>
                        {formatInstant(error.at, { withTime: true }) ?? error.at}
                      </time>{' '}
                      <code>{error.code}</code> {error.message}
                      {error.count > 1 && (
                        <>
                          {' '}
                          <span
                            class="about-error-count"
                            data-testid="about-error-count"
                            title={`${error.count} times`}
                          >
                            ×{error.count}
                          </span>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>

            <h3 class="dialog-section">Diagnostics</h3>
            <div class="about-copy-row">
              <button type="button" data-testid="about-copy" onClick={copyDiagnostics}>
                Copy diagnostics
              </button>
              <span role="status" class="about-copied" data-testid="about-copied">
                {copy.state === 'copied' ? 'Copied' : ''}
              </span>
            </div>
            {copy.state === 'failed' && (
              <p class="form-error about-error-text" role="alert" data-testid="about-copy-error">
                {copy.message}
              </p>
            )}
            <details class="about-details">
              {/* A tabindex so the dialog's focus trap counts it as a stop. */}
              <summary tabIndex={0}>Show diagnostics</summary>
              <pre class="about-diagnostics" data-testid="about-diagnostics">
                {about.diagnostics}
              </pre>
            </details>
          </>
        )}
        <div class="form-actions dialog-actions">
          <button type="button" data-testid="about-close" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
