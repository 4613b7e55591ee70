import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { connectionsOverview, settingsGet, toUserError, type UserError } from '../ipc';
import type { Connection, ConnectionInfo } from '../types';
import { ConnectionRow } from './ConnectionRow';
import { ErrorBanner } from './ErrorBanner';

type Props = {
  /** Back to the desk (the Back button or Escape). */
  onClose: () => void;
  /** Opens the form for a new connection. */
  onAdd: () => void;
  /**
   * Rust changed the connections (which is active, an address, a token, the list): the app
   * reads its settings again and starts the desk afresh.
   */
  onChanged: () => void;
};

type Load =
  | { state: 'loading' }
  | { state: 'ready'; list: ConnectionInfo[]; saved: Connection[]; at: number }
  | { state: 'failed'; error: UserError };

/**
 * The saved connections and everything that can be done to them: use, test, edit, set or clear
 * the token, remove, add. The list is Rust's (`connections_overview`, with the settings for what
 * only they hold, the aging buckets), read again after every action, so it never shows a state
 * Rust does not have. Rust's error messages send users
 * "to the Connections screen", so it is called exactly that.
 */
export function ConnectionsScreen({ onClose, onAdd, onChanged }: Props) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);
  /** Grows with each read: an older answer arriving late is dropped. */
  const reads = useRef(0);

  const read = useCallback(() => {
    const current = ++reads.current;
    Promise.all([connectionsOverview(), settingsGet()]).then(
      ([list, settings]) =>
        current === reads.current &&
        setLoad({ state: 'ready', list, saved: settings.connections, at: Date.now() }),
      (raw: unknown) =>
        current === reads.current && setLoad({ state: 'failed', error: toUserError(raw) }),
    );
  }, []);

  useEffect(read, [read]);
  // Before the first frame: a key pressed at once goes where the focus will be.
  useLayoutEffect(() => heading.current?.focus(), []);

  // Escape anywhere closes the screen; an open step inside a row takes its Escape first.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !event.isComposing) close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const settled = (changed: boolean) => {
    read();
    if (changed) onChanged();
  };

  const list = load.state === 'ready' ? load.list : [];
  const saved = load.state === 'ready' ? load.saved : [];
  const demo =
    load.state === 'ready' && list.length > 0 && !list.some((connection) => connection.active);

  return (
    <section
      class="connections-screen"
      data-testid="connections-screen"
      aria-labelledby="connections-heading"
    >
      <div class="connections-head">
        <h2 id="connections-heading" ref={heading} tabIndex={-1}>
          Connections
        </h2>
        <span class="header-spacer" />
        <button type="button" data-testid="connections-add" onClick={onAdd}>
          Add connection
        </button>
        <button
          type="button"
          data-testid="connections-close"
          aria-keyshortcuts="Escape"
          title="Back to the invoices (Esc)"
          onClick={onClose}
        >
          Back
        </button>
      </div>
      <p class="muted">
        Tokens are kept in your system keyring; this screen only says whether one is stored.
      </p>
      {demo && (
        <p class="muted" data-testid="connections-demo-note">
          Demo data is shown. Use a connection to see its invoices.
        </p>
      )}
      {load.state === 'loading' && (
        <p class="muted" aria-busy="true">
          Reading connections…
        </p>
      )}
      {load.state === 'failed' && <ErrorBanner error={load.error} onRetry={read} />}
      {load.state === 'ready' && list.length === 0 && (
        <p class="empty-state" data-testid="connections-empty">
          No connection is saved yet. Add one to read your own billing data.
        </p>
      )}
      {list.length > 0 && (
        <ul class="connection-list" data-testid="connection-list">
          {list.map((connection) => (
            <ConnectionRow
              key={connection.name}
              connection={connection}
              agingBuckets={saved.find((entry) => entry.name === connection.name)?.agingBuckets}
              now={load.state === 'ready' ? load.at : Date.now()}
              onSettled={settled}
              onRemoved={() => heading.current?.focus()}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
