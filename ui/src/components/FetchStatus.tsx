import type { FetchProgress } from '../types';
import { ProgressCancel } from './ProgressCancel';

type Props = { progress: FetchProgress | null; cancelling: boolean; onCancel: () => void };

/**
 * Progress bar and Cancel of a running organization fetch. Cancelled organizations keep what
 * they showed before; those already loaded stay loaded (Rust decides, see `Session::fetch_many`).
 */
export function FetchStatus({ progress, cancelling, onCancel }: Props) {
  return (
    <ProgressCancel
      title="Organizations"
      waiting="Fetching…"
      progress={progress}
      progressId="fetch-progress"
      cancelId="fetch-cancel"
      cancelling={cancelling}
      onCancel={onCancel}
    />
  );
}
