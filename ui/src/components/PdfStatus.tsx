import { pdfOutcomeText, type PdfRun } from '../state/usePdfDownload';
import { ErrorBanner } from './ErrorBanner';
import { ProgressCancel } from './ProgressCancel';

type Props = { run: PdfRun; onCancel: () => void; onRetry: () => void };

/** Progress bar and Cancel of a running PDF download, then its outcome line. */
export function PdfStatus({ run, onCancel, onRetry }: Props) {
  switch (run.state) {
    case 'idle':
      return null;
    case 'running':
      return (
        <ProgressCancel
          title="Downloading PDFs"
          waiting="Preparing PDF download…"
          progress={run.progress}
          progressId="pdfs-progress"
          cancelId="pdfs-cancel"
          cancelling={run.cancelling}
          onCancel={onCancel}
        />
      );
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
