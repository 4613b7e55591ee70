/** How far a job has come: the shape shared by fetch, PDF and export progress events (an export has no failures). */
type Counts = { done: number; total: number; failed?: number };

type Props = {
  /** What runs, shown before its count ("Downloading PDFs: 3 of 10, 1 failed"). */
  title: string;
  /** Shown until the first progress event arrives. */
  waiting: string;
  progress: Counts | null;
  /** Test ids of the progress bar and the Cancel button. */
  progressId: string;
  cancelId: string;
  cancelling: boolean;
  onCancel: () => void;
};

function countLine(title: string, { done, total, failed }: Counts): string {
  return `${title}: ${done} of ${total}${failed ? `, ${failed} failed` : ''}`;
}

/** A running job's progress bar and its Cancel button (PDF downloads, organization fetches, exports). */
export function ProgressCancel({
  title,
  waiting,
  progress,
  progressId,
  cancelId,
  cancelling,
  onCancel,
}: Props) {
  return (
    <div class="pdf-status">
      <label>
        {progress ? countLine(title, progress) : waiting}
        <progress data-testid={progressId} max={progress?.total || 1} value={progress?.done ?? 0} />
      </label>
      <button type="button" data-testid={cancelId} disabled={cancelling} onClick={onCancel}>
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
