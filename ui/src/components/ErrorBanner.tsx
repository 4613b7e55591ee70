import { useState } from 'preact/hooks';
import { tokenSet, toUserError, type UserError } from '../ipc';
import { errorAdvice } from '../state/errors';

type Props = {
  error: UserError;
  onRetry: () => void;
  /** The active connection, for the "Set token" form; absent in demo mode. */
  connection?: string | null;
  /** Extra context, e.g. "Organization org_1" or "and 3 more organizations". */
  context?: string;
};

/**
 * An error from Rust: a heading chosen by `code`, Rust's own message, and Retry. A missing or
 * refused token also gets a password field that sends the new token once and forgets it.
 */
export function ErrorBanner({ error, onRetry, connection, context }: Props) {
  const advice = errorAdvice(error.code);
  return (
    <div class="banner banner-error" role="alert" data-testid="error-banner" data-code={error.code}>
      <div class="banner-body">
        <p class="banner-title">{advice.title}</p>
        <p>{error.message}</p>
        {context && <p class="banner-context">{context}</p>}
        {advice.fix === 'token' && connection && <TokenForm connection={connection} onSaved={onRetry} />}
      </div>
      <button type="button" data-testid="retry-button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

function TokenForm({ connection, onSaved }: { connection: string; onSaved: () => void }) {
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<UserError | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      await tokenSet(connection, token);
      // Sent once: the token leaves this component's state as soon as Rust has it.
      setToken('');
      setFailure(null);
      onSaved();
    } catch (raw) {
      setFailure(toUserError(raw));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="token-form" onSubmit={save}>
      <label>
        New token for {connection}
        <input
          type="password"
          data-testid="token-input"
          autocomplete="off"
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={saving || token.trim() === ''} data-testid="token-save">
        Save token
      </button>
      {failure && <p class="form-error">{failure.message}</p>}
    </form>
  );
}
