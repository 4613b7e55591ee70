type Props = {
  /** What runs, with its count ("Downloading PDFs: 3 of 10"). */
  label: string;
  done: number;
  total: number;
  /** Test ids of the progress bar and the Cancel button. */
  progressId: string;
  cancelId: string;
  cancelling: boolean;
  onCancel: () => void;
};

/** A running job's progress bar and its Cancel button (PDF downloads, organization fetches). */
export function ProgressCancel({ label, done, total, progressId, cancelId, cancelling, onCancel }: Props) {
  return (
    <div class="pdf-status">
      <label>
        {label}
        <progress data-testid={progressId} max={total || 1} value={done} />
      </label>
      <button type="button" data-testid={cancelId} disabled={cancelling} onClick={onCancel}>
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
