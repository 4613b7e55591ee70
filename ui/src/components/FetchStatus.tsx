import type { FetchProgress } from '../types';

type Props = { progress: FetchProgress | null; cancelling: boolean; onCancel: () => void };

/**
 * Progress bar and Cancel of a running organization fetch. Cancelled organizations keep what
 * they showed before; those already loaded stay loaded (Rust decides, see `Session::fetch_many`).
 */
export function FetchStatus({ progress, cancelling, onCancel }: Props) {
  return (
    <div class="pdf-status fetch-status">
      <label>
        {progress ? `Organizations: ${progress.done} of ${progress.total}${progress.failed ? `, ${progress.failed} failed` : ''}` : 'Fetching…'}
        <progress data-testid="fetch-progress" max={progress?.total || 1} value={progress?.done ?? 0} />
      </label>
      <button type="button" data-testid="fetch-cancel" disabled={cancelling} onClick={onCancel}>
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
