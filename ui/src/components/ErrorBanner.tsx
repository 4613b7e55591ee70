import type { UserError } from '../ipc';
import { errorAdvice, offersConnections } from '../state/errors';
import { TokenForm } from './TokenForm';

type Props = {
  error: UserError;
  onRetry: () => void;
  /** The active connection, for the "Set token" form; absent in demo mode. */
  connection?: string | null;
  /** Extra context, e.g. "Organization org_1" or "and 3 more organizations". */
  context?: string;
  /** Opens the Connections screen; offered when the fix is a connection's token or address. */
  onOpenConnections?: (() => void) | undefined;
};

/**
 * An error from Rust: a heading chosen by `code`, Rust's own message, and Retry. A missing or
 * refused token also gets a password field that sends the new token once and forgets it; a
 * token, keyring or network problem a way to the Connections screen, where Rust's message
 * says to look.
 */
export function ErrorBanner({ error, onRetry, connection, context, onOpenConnections }: Props) {
  const advice = errorAdvice(error.code);
  return (
    <div class="banner banner-error" role="alert" data-testid="error-banner" data-code={error.code}>
      <div class="banner-body">
        <p class="banner-title">{advice.title}</p>
        <p>{error.message}</p>
        {context && <p class="banner-context">{context}</p>}
        {advice.fix === 'token' && connection && (
          <TokenForm connection={connection} onSaved={onRetry} />
        )}
        {onOpenConnections && offersConnections(error.code) && (
          <p>
            <button type="button" data-testid="open-connections" onClick={onOpenConnections}>
              Open Connections
            </button>
          </p>
        )}
      </div>
      <button type="button" data-testid="retry-button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
