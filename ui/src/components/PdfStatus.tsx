import { pdfOutcomeText, type PdfRun } from '../state/usePdfDownload';
import { ErrorBanner } from './ErrorBanner';

type Props = { run: PdfRun; onCancel: () => void; onRetry: () => void };

/** Progress bar and Cancel of a running PDF download, then its outcome line. */
export function PdfStatus({ run, onCancel, onRetry }: Props) {
  switch (run.state) {
    case 'idle':
      return null;
    case 'running': {
      const progress = run.progress;
      return (
        <div class="pdf-status">
          <label>
            {progress ? `Downloading PDFs: ${progress.done} of ${progress.total}${progress.failed ? `, ${progress.failed} failed` : ''}` : 'Preparing PDF download…'}
            <progress data-testid="pdfs-progress" max={progress?.total || 1} value={progress?.done ?? 0} />
          </label>
          <button type="button" data-testid="pdfs-cancel" disabled={run.cancelling} onClick={onCancel}>
            {run.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      );
    }
    case 'done':
      return (
        <p class="result-line" role="status" data-testid="pdfs-result">
          {pdfOutcomeText(run.outcome)}
        </p>
      );
    case 'failed':
      return <ErrorBanner error={run.error} onRetry={onRetry} />;
  }
}
