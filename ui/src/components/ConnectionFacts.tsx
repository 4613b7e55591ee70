import { showLastFetched } from '../format/relative';
import { plainHttpText, tokenStateText } from '../state/connections';
import type { ConnectionInfo } from '../types';

type Props = {
  connection: ConnectionInfo;
  /** Milliseconds since the epoch when the list was read, for "Last fetched 3 h ago". */
  now: number;
};

/**
 * What is known about a saved connection: its address, whether a token is stored (the state
 * only; the token never reaches the window), its last successful fetch, its overrides and the
 * folder its PDFs are archived in.
 * Every value is Rust's text, rendered as text.
 */
export function ConnectionFacts({ connection, now }: Props) {
  const { token } = connection;
  const fetched = showLastFetched(connection.lastFetchedAt, now);
  return (
    <>
      <p class="mono connection-url" data-testid="connection-url">
        {connection.baseUrl}
      </p>
      <p class="connection-facts">
        <span
          data-testid="connection-token-state"
          data-state={token}
          class={token === 'stored' ? '' : 'connection-warning'}
        >
          {tokenStateText(token)}
        </span>
        {connection.plainHttp && (
          <span
            data-testid="connection-plain-http"
            data-allowed={connection.allowPlainHttp}
            class="connection-warning"
          >
            {plainHttpText(connection.allowPlainHttp)}
          </span>
        )}
        <span data-testid="connection-last-fetched" title={fetched.title}>
          {fetched.text}
        </span>
        <span>
          {connection.organizations === 1
            ? '1 organization'
            : `${connection.organizations} organizations`}
        </span>
        {connection.timeoutSecs !== null && <span>Timeout {connection.timeoutSecs} s</span>}
        {connection.concurrency !== null && <span>{connection.concurrency} parallel requests</span>}
        <span class="connection-archive-dir" data-testid="connection-archive-dir">
          PDF archive: <span class="mono">{connection.archiveDir}</span>
        </span>
      </p>
    </>
  );
}
