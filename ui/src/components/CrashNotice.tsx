import { useState } from 'preact/hooks';
import { formatInstant } from '../format/dates';
import type { CrashReport } from '../types';

/**
 * The report of a bug (a Rust panic) that ended the previous run, shown once at the next start
 * until dismissed: when it happened, what it said and where, for the user to pass on.
 */
export function CrashNotice({ report }: { report: CrashReport }) {
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  const when = formatInstant(report.at, { withTime: true }) ?? report.at;
  return (
    <div class="banner banner-warning" role="status" data-testid="crash-report">
      <p>
        Billing Desk stopped unexpectedly on {when} (version {report.version}) because of a bug. Your settings, saved data and
        exports are not affected. If it happens again, please send this to whoever supports Billing Desk:
      </p>
      <p>
        <code data-testid="crash-report-message">
          {report.message}
          {report.location ? ` (${report.location})` : ''}
        </code>
      </p>
      <button type="button" data-testid="crash-report-dismiss" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
