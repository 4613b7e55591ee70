import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { toUserError, updateCheck, updateDownload, updateInstall } from '../ipc';
import type { UpdateStatus } from '../types';
import { offersCheck, updateBusy, updateSentence } from '../updates/updateText';
import { setUpdateStatus } from '../updates/updateStatus';

type Props = {
  status: UpdateStatus;
  /** The id of the section's heading, which names the part. */
  labelledBy: string;
};

/**
 * The About dialog's Updates part: one sentence for the status (an alert when something
 * failed, else a polite live region), the release notes of an offered version, a progress bar
 * while downloading, and the buttons the status allows: check, download, install.
 */
export function AboutUpdates({ status, labelledBy }: Props) {
  const part = useRef<HTMLDivElement>(null);
  const [running, setRunning] = useState(false);
  /** A refused install: Rust's sentence, shown until the status changes. */
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [status]);

  /** The focus was on one of the part's buttons (kept across the renders that remove or disable it). */
  const focusInside = useRef(false);
  // A focused button can go (Download once the download starts, Install after a failure) or
  // turn disabled: the focus then moves to the part itself instead of falling out of the dialog.
  useLayoutEffect(() => {
    const active = document.activeElement;
    const lost =
      !active ||
      active === document.body ||
      (active instanceof HTMLButtonElement && active.disabled);
    if (focusInside.current && lost) part.current?.focus();
  });

  const run = (action: () => Promise<unknown>) => {
    setRunning(true);
    setError(null);
    action()
      .catch((raw: unknown) => setError(toUserError(raw).message))
      .finally(() => setRunning(false));
  };
  const check = () => run(() => updateCheck().then(setUpdateStatus));
  const download = () => run(() => updateDownload().then(setUpdateStatus));
  // On success Rust restarts the app into the new version: nothing more to show.
  const install = () => run(updateInstall);

  const failed = error !== null || status.state === 'failed';
  const waiting = running || updateBusy(status);
  return (
    <div
      ref={part}
      class="about-updates"
      tabIndex={-1}
      role="group"
      aria-labelledby={labelledBy}
      onFocusIn={(event) => (focusInside.current = event.target !== part.current)}
      onFocusOut={(event) => {
        const to = event.relatedTarget;
        if (to instanceof Node && !part.current?.contains(to)) focusInside.current = false;
      }}
    >
      {/* Keyed: an alert is announced when it appears, the status region when its text changes. */}
      <p
        key={failed ? 'alert' : 'status'}
        role={failed ? 'alert' : 'status'}
        class={failed ? 'form-error about-error-text' : undefined}
        data-testid="about-updates"
      >
        {error ?? updateSentence(status)}
      </p>
      {status.state === 'available' && status.notes && (
        <p class="about-update-notes" data-testid="about-update-notes">
          {status.notes}
        </p>
      )}
      {status.state === 'downloading' && (
        <progress
          data-testid="about-update-progress"
          aria-label={`Downloading version ${status.version}`}
          max={status.total || undefined}
          value={status.total ? status.received : undefined}
        />
      )}
      {offersCheck(status) && (
        <div class="about-update-actions">
          <button type="button" data-testid="about-update-check" disabled={waiting} onClick={check}>
            Check for updates
          </button>
          {status.state === 'available' && (
            <button
              type="button"
              data-testid="about-update-download"
              disabled={waiting}
              onClick={download}
            >
              Download version {status.version}
            </button>
          )}
          {status.state === 'verified' && status.installable && (
            <button
              type="button"
              class="primary"
              data-testid="about-update-install"
              disabled={waiting}
              onClick={install}
            >
              Install and restart
            </button>
          )}
        </div>
      )}
    </div>
  );
}
