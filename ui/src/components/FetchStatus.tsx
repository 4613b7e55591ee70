import { useStore, type Store } from '../state/store';
import type { Progress } from '../types';
import { ProgressCancel } from './ProgressCancel';

type Props = { progress: Store<Progress | null>; cancelling: boolean; onCancel: () => void };

/**
 * Progress bar and Cancel of a running organization fetch. Cancelled organizations keep what
 * they showed before; those already loaded stay loaded (Rust decides, see `Session::fetch_many`).
 * Only this and {@link FetchNotice} re-render per progress event.
 */
export function FetchStatus({ progress, cancelling, onCancel }: Props) {
  return (
    <ProgressCancel
      title="Organizations"
      waiting="Fetching…"
      progress={useStore(progress)}
      progressId="fetch-progress"
      cancelId="fetch-cancel"
      cancelling={cancelling}
      onCancel={onCancel}
    />
  );
}

/** The status line: how far a running fetch got, else the last notice. */
export function FetchNotice({
  fetching,
  progress,
  notice,
}: {
  fetching: boolean;
  progress: Store<Progress | null>;
  notice: string;
}) {
  const now = useStore(progress);
  return (
    <p class="notice" role="status" aria-live="polite" data-testid="notice">
      {fetching
        ? now
          ? `Loading organizations: ${now.done} of ${now.total}`
          : 'Loading…'
        : notice}
    </p>
  );
}
