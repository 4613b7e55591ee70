import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { tokenSet, toUserError, type UserError } from '../ipc';
import type { TokenStatus } from '../types';

type Props = {
  connection: string;
  /** Rust stored the token. */
  onSaved: (status: TokenStatus) => void;
  /** Rust refused it (its message shows under the field). */
  onFailed?: (() => void) | undefined;
  /** Shows a Cancel button that calls this. */
  onCancel?: (() => void) | undefined;
  /** Focus the field when the form appears (it was opened for the user to type into). */
  autoFocus?: boolean;
  /** The banner and the Connections screen each name their own fields. */
  testIds?: { input: string; save: string; cancel: string };
};

const BANNER_TEST_IDS = { input: 'token-input', save: 'token-save', cancel: 'token-cancel' };

/**
 * A password field that sends a token to Rust once. The token is in this component's state
 * only while it is typed: it is dropped as soon as the call returns, saved or refused, so a
 * refused token is typed again rather than kept around for a retry.
 */
export function TokenForm({
  connection,
  onSaved,
  onFailed,
  onCancel,
  autoFocus = false,
  testIds = BANNER_TEST_IDS,
}: Props) {
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<UserError | null>(null);
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // Before the first frame: a key pressed at once reaches the field.
  useLayoutEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      const status = await tokenSet(connection, token);
      setFailure(null);
      onSaved(status);
    } catch (raw) {
      setFailure(toUserError(raw));
      input.current?.focus();
      onFailed?.();
    } finally {
      setToken('');
      setSaving(false);
    }
  };

  return (
    <form class="token-form" onSubmit={save}>
      <label>
        New token for {connection}
        <input
          ref={input}
          type="password"
          data-testid={testIds.input}
          autocomplete="off"
          spellcheck={false}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={saving || token.trim() === ''} data-testid={testIds.save}>
        {saving ? 'Saving…' : 'Save token'}
      </button>
      {onCancel && (
        <button type="button" data-testid={testIds.cancel} disabled={saving} onClick={onCancel}>
          Cancel
        </button>
      )}
      {failure && (
        <p class="form-error" role="alert">
          {failure.message}
        </p>
      )}
    </form>
  );
}
