import { useId, useRef, useState } from 'preact/hooks';
import { connectionCheck, connectionRemove, connectionUse, tokenClear, toUserError } from '../ipc';
import { checkText } from '../state/connections';
import { useFocusAfterRender } from '../state/useFocusAfterRender';
import type { ConnectionInfo, ConnectionUpdated } from '../types';
import { ConnectionEditForm } from './ConnectionEditForm';
import { ConnectionFacts } from './ConnectionFacts';
import { ConnectionRemoveConfirm } from './ConnectionRemoveConfirm';
import { TokenForm } from './TokenForm';

type Props = {
  connection: ConnectionInfo;
  /** Its aging boundaries from the settings (the overview does not carry them); absent = the default. */
  agingBuckets: readonly number[] | undefined;
  /** Milliseconds since the epoch when the list was read, for "Last fetched 3 h ago". */
  now: number;
  /**
   * An action ended, saved or refused: the list is read again. `changed` = it may have changed
   * what Rust holds (a refusal too: a removal can fail after the connection is gone).
   */
  onSettled: (changed: boolean) => void;
  /** Rust removed it; the row leaves the list. */
  onRemoved: () => void;
};

/** The inline step open under the row's buttons, one at a time. */
type Panel = 'edit' | 'token' | 'remove' | null;

/** The call under way, which disables the row's buttons and names itself on its own. */
type Busy = 'use' | 'test' | 'clear' | 'remove' | null;

/** The outcome of the last action: Test's result or what another action did or why it failed. */
type Message = { of: 'test' | 'action'; ok: boolean; text: string };

const TOKEN_CLEARED =
  'The address changed, so the token stored for the old address was deleted. Enter the token for the new address.';

/**
 * One saved connection: its name and facts, and its actions. Each action asks Rust and shows
 * Rust's answer in the row; the screen then reads the list again. Escape closes an open step
 * before it closes the screen.
 */
export function ConnectionRow({ connection, agingBuckets, now, onSettled, onRemoved }: Props) {
  const { name, active, token } = connection;
  const [panel, setPanel] = useState<Panel>(null);
  const [running, setRunning] = useState<Busy>(null);
  const busy = running !== null;
  const [message, setMessage] = useState<Message | null>(null);
  const [tokenCleared, setTokenCleared] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const buttons = {
    edit: useRef<HTMLButtonElement>(null),
    token: useRef<HTMLButtonElement>(null),
    remove: useRef<HTMLButtonElement>(null),
  };
  const id = useId();
  const focusAfterRender = useFocusAfterRender();

  /** Runs one call; its failure is shown in the row as Rust wrote it. */
  const run = async (kind: Exclude<Busy, null>, action: () => Promise<string | null>) => {
    const of = kind === 'test' ? 'test' : 'action';
    setRunning(kind);
    setMessage(null);
    try {
      const text = await action();
      if (text !== null) setMessage({ of, ok: true, text });
    } catch (raw) {
      setMessage({ of, ok: false, text: toUserError(raw).message });
    } finally {
      setRunning(null);
      onSettled(kind !== 'test');
    }
  };

  const open = (next: Panel) => {
    setMessage(null);
    setPanel(next);
  };

  /** Closes the open step and puts the focus back on the button that opened it. */
  const close = () => {
    const opener = panel && buttons[panel].current;
    setPanel(null);
    focusAfterRender(() => opener);
  };

  const use = () =>
    run('use', async () => {
      await connectionUse(name);
      // The Use button leaves with the change; the connection's name keeps the focus in the row.
      heading.current?.focus();
      return `${name} is now the active connection.`;
    });

  const test = () => run('test', async () => checkText(await connectionCheck(name)));

  const clearToken = () =>
    run('clear', async () => {
      await tokenClear(name);
      setTokenCleared(false);
      // "Clear token" leaves with the token; the focus stays in the row.
      heading.current?.focus();
      return 'Token deleted.';
    });

  const remove = () =>
    run('remove', async () => {
      await connectionRemove(name);
      setPanel(null);
      onRemoved();
      return null;
    });

  const edited = (updated: ConnectionUpdated) => {
    setTokenCleared(updated.tokenCleared);
    // A new address needs its own token: the field is opened for it at once.
    setPanel(updated.tokenCleared ? 'token' : null);
    if (!updated.tokenCleared) focusAfterRender(() => buttons.edit.current);
    setMessage({ of: 'action', ok: true, text: 'Saved.' });
    onSettled(true);
  };

  const tokenSaved = () => {
    setTokenCleared(false);
    close();
    setMessage({ of: 'action', ok: true, text: 'Token saved.' });
    onSettled(true);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || panel === null) return;
    // One Escape backs out one step; the screen does not close with it (nor mid-call).
    event.stopPropagation();
    if (!busy) close();
  };

  return (
    <li
      class="connection-row"
      data-testid="connection-row"
      data-name={name}
      data-active={active}
      aria-labelledby={id}
      onKeyDown={onKeyDown}
    >
      <div class="connection-row-head">
        <h3 id={id} ref={heading} tabIndex={-1} data-testid="connection-row-name">
          {name}
        </h3>
        {active && (
          <span class="badge badge-default" data-testid="connection-active">
            Active
          </span>
        )}
      </div>
      <ConnectionFacts connection={connection} now={now} />
      <div class="form-actions connection-actions">
        {!active && (
          <button
            type="button"
            class="primary"
            data-testid="connection-use"
            disabled={busy}
            onClick={() => void use()}
          >
            {running === 'use' ? 'Switching…' : 'Use'}
          </button>
        )}
        <button
          type="button"
          data-testid="connection-test"
          disabled={busy}
          onClick={() => void test()}
        >
          {running === 'test' ? 'Testing…' : 'Test'}
        </button>
        <button
          type="button"
          ref={buttons.edit}
          data-testid="connection-edit"
          aria-expanded={panel === 'edit'}
          disabled={busy}
          onClick={() => open('edit')}
        >
          Edit
        </button>
        <button
          type="button"
          ref={buttons.token}
          data-testid="connection-token"
          aria-expanded={panel === 'token'}
          disabled={busy}
          onClick={() => open('token')}
        >
          {token === 'stored' ? 'Replace token' : 'Set token'}
        </button>
        {token !== 'missing' && (
          <button
            type="button"
            data-testid="connection-clear-token"
            disabled={busy}
            onClick={() => void clearToken()}
          >
            {running === 'clear' ? 'Clearing…' : 'Clear token'}
          </button>
        )}
        <button
          type="button"
          ref={buttons.remove}
          class="danger"
          data-testid="connection-remove"
          aria-expanded={panel === 'remove'}
          disabled={busy}
          onClick={() => open('remove')}
        >
          Remove…
        </button>
      </div>
      {tokenCleared && (
        <p class="banner banner-warning" role="status" data-testid="connection-token-cleared">
          {TOKEN_CLEARED}
        </p>
      )}
      {panel === 'edit' && (
        <ConnectionEditForm
          connection={connection}
          agingBuckets={agingBuckets}
          onSaved={edited}
          onFailed={() => onSettled(true)}
          onCancel={close}
        />
      )}
      {panel === 'token' && (
        <TokenForm
          connection={name}
          autoFocus
          onSaved={tokenSaved}
          onFailed={() => onSettled(true)}
          onCancel={close}
          testIds={{
            input: 'connection-token-input',
            save: 'connection-token-save',
            cancel: 'connection-token-cancel',
          }}
        />
      )}
      {panel === 'remove' && (
        <ConnectionRemoveConfirm
          name={name}
          busy={running === 'remove'}
          onConfirm={() => void remove()}
          onCancel={close}
        />
      )}
      {message && (
        <p
          class={message.ok ? 'form-ok' : 'form-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid={message.of === 'test' ? 'connection-test-result' : 'connection-message'}
        >
          {message.text}
        </p>
      )}
    </li>
  );
}
