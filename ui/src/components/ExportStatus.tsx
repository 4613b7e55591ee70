import { exportDoneText } from '../state/exportCheck';
import type { ExportRun } from '../state/useExport';
import type { ExportFormat } from '../types';
import { ErrorBanner } from './ErrorBanner';
import { ExportQuestion } from './ExportQuestion';
import { ProgressCancel } from './ProgressCancel';

type Props = {
  run: ExportRun;
  onFetchFirst: () => void;
  onExportAnyway: () => void;
  onDismiss: () => void;
  onCancel: () => void;
  onRetry: () => void;
};

const LABELS: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'Excel (XLSX)', json: 'JSON' };

/**
 * Where an export stands, in the page's flow above the table (never over its rows): the
 * question about a view that is not up to date, the progress bar with Cancel, then the
 * outcome line or the error.
 */
export function ExportStatus({
  run,
  onFetchFirst,
  onExportAnyway,
  onDismiss,
  onCancel,
  onRetry,
}: Props) {
  switch (run.state) {
    case 'idle':
      return null;
    case 'checking':
      return (
        <p class="result-line muted" role="status" data-testid="export-checking">
          Checking the organizations of this view…
        </p>
      );
    case 'asking':
    case 'fetching':
      return (
        <ExportQuestion
          orgs={run.orgs}
          at={run.state === 'asking' ? run.at : Date.now()}
          fetching={run.state === 'fetching'}
          onFetchFirst={onFetchFirst}
          onExportAnyway={onExportAnyway}
          onCancel={onDismiss}
        />
      );
    case 'running':
      return (
        <ProgressCancel
          title={`Exporting invoices to ${LABELS[run.request.format]}`}
          waiting={`Exporting invoices to ${LABELS[run.request.format]}…`}
          progress={run.progress}
          progressId="export-progress"
          cancelId="export-cancel"
          cancelling={run.cancelling}
          onCancel={onCancel}
        />
      );
    case 'done':
      return (
        <p class="result-line" role="status" data-testid="export-result">
          {exportDoneText(run.done)}
        </p>
      );
    case 'cancelled':
      return (
        <p class="result-line" role="status" data-testid="export-result">
          Export cancelled: no file was written.
        </p>
      );
    case 'failed':
      return <ErrorBanner error={run.error} onRetry={onRetry} />;
  }
}
