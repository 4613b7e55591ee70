import { useId, useLayoutEffect, useRef } from 'preact/hooks';

type Props = {
  name: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * The step before a connection is removed: it names the connection and what goes with it. The
 * safe choice has the focus, so Enter right after "Remove…" does not delete anything.
 */
export function ConnectionRemoveConfirm({ name, busy, onConfirm, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();

  // Before the first frame: an Enter pressed at once reaches the safe choice.
  useLayoutEffect(() => cancel.current?.focus(), []);

  return (
    <div
      class="connection-confirm"
      role="group"
      aria-labelledby={id}
      data-testid="connection-remove-question"
    >
      <p id={id}>
        Remove connection “<strong class="connection-confirm-name">{name}</strong>”? Its token is
        deleted from the keyring and its cached data from this computer.
      </p>
      <div class="form-actions">
        <button
          type="button"
          class="danger"
          data-testid="connection-remove-confirm"
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? 'Removing…' : `Remove ${name}`}
        </button>
        <button
          type="button"
          ref={cancel}
          data-testid="connection-remove-cancel"
          disabled={busy}
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
