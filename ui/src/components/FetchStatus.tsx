import type { FetchProgress } from '../types';
import { ProgressCancel } from './ProgressCancel';

type Props = { progress: FetchProgress | null; cancelling: boolean; onCancel: () => void };

/**
 * Progress bar and Cancel of a running organization fetch. Cancelled organizations keep what
 * they showed before; those already loaded stay loaded (Rust decides, see `Session::fetch_many`).
 */
export function FetchStatus({ progress, cancelling, onCancel }: Props) {
  const label = progress ? `Organizations: ${progress.done} of ${progress.total}${progress.failed ? `, ${progress.failed} failed` : ''}` : 'Fetching…';
  return (
    <ProgressCancel
      label={label}
      done={progress?.done ?? 0}
      total={progress?.total ?? 0}
      progressId="fetch-progress"
      cancelId="fetch-cancel"
      cancelling={cancelling}
      onCancel={onCancel}
    />
  );
}
