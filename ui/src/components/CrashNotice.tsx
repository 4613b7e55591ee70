import { useState } from 'preact/hooks';
import { copyWhenReady } from '../clipboard';
import { formatInstant } from '../format/dates';
import { aboutInfo, toUserError } from '../ipc';
import type { CrashReport } from '../types';

type Copy =
  | { state: 'idle' }
  | { state: 'copying' }
  | { state: 'copied' }
  | { state: 'failed'; message: string };

/**
 * The report of a bug (a Rust panic) that ended the previous run, shown once at the next start
 * until dismissed: when it happened, what it said and where, and a button that copies the
 * diagnostics (the About dialog's text) for the user to pass on.
 */
export function CrashNotice({ report }: { report: CrashReport }) {
  const [dismissed, setDismissed] = useState(false);
  const [copy, setCopy] = useState<Copy>({ state: 'idle' });
  if (dismissed) return null;
  const when = formatInstant(report.at, { withTime: true }) ?? report.at;

  const copyDiagnostics = () => {
    setCopy({ state: 'copying' });
    const text = aboutInfo().then((about) => about.diagnostics);
    // Still inside the click (no await yet): see copyWhenReady.
    const copying = copyWhenReady(text);
    // A failure of about_info is reported as itself below, not as a clipboard failure.
    copying.catch(() => undefined);
    text.then(
      () =>
        copying.then(
          () => setCopy({ state: 'copied' }),
          () =>
            setCopy({
              state: 'failed',
              message:
                'The diagnostics could not be copied to the clipboard. Open About Billing Desk and copy them from “Show diagnostics”.',
            }),
        ),
      (raw: unknown) => setCopy({ state: 'failed', message: toUserError(raw).message }),
    );
  };

  return (
    <div class="banner banner-warning crash-notice" role="status" data-testid="crash-report">
      <div class="banner-body">
        <p class="banner-title">Billing Desk stopped unexpectedly last time.</p>
        <p>
          It stopped on {when} (version {report.version}) because of a bug. Your settings, saved
          data and exports are not affected. If it happens again, please send this and the
          diagnostics to whoever supports Billing Desk:
        </p>
        <p>
          <code data-testid="crash-report-message">
            {report.message}
            {report.location ? ` (${report.location})` : ''}
          </code>
        </p>
        {copy.state === 'failed' && (
          <p class="crash-notice-error" role="alert" data-testid="crash-report-copy-error">
            {copy.message}
          </p>
        )}
        <div class="form-actions">
          <button
            type="button"
            data-testid="crash-report-copy"
            disabled={copy.state === 'copying'}
            onClick={copyDiagnostics}
          >
            Copy diagnostics
          </button>
          <button
            type="button"
            data-testid="crash-report-dismiss"
            onClick={() => setDismissed(true)}
          >
            Dismiss
          </button>
          <span data-testid="crash-report-copied">{copy.state === 'copied' ? 'Copied' : ''}</span>
        </div>
      </div>
    </div>
  );
}
