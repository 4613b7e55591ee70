import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { connectionUpdate, toUserError, type UserError } from '../ipc';
import {
  agingBucketsText,
  archiveDirText,
  archiveDirValue,
  looksPlainHttp,
  parseWholeNumber,
  wholeNumberText,
} from '../state/connections';
import type { ConnectionInfo, ConnectionUpdated } from '../types';
import { PlainHttpChoice } from './PlainHttpChoice';

type Props = {
  connection: ConnectionInfo;
  /** Its aging boundaries in days as the settings hold them; absent = the default (30, 60, 90). */
  agingBuckets: readonly number[] | undefined;
  /** Rust saved the edit. */
  onSaved: (updated: ConnectionUpdated) => void;
  /** Rust refused it (its message shows in the form). */
  onFailed: () => void;
  onCancel: () => void;
};

type Field = 'timeout' | 'concurrency';

/**
 * A saved connection's base URL, timeout, concurrency, PDF archive folder and aging buckets,
 * edited in place. Only "is it a whole number" is checked here; the URL, the ranges, the folder
 * and the aging buckets are Rust's to judge, and its message shows under the form, which stays
 * open with what was typed.
 */
export function ConnectionEditForm({
  connection,
  agingBuckets,
  onSaved,
  onFailed,
  onCancel,
}: Props) {
  const [baseUrl, setBaseUrl] = useState(connection.baseUrl);
  const [allowPlainHttp, setAllowPlainHttp] = useState(connection.allowPlainHttp);
  const [timeoutText, setTimeoutText] = useState(wholeNumberText(connection.timeoutSecs));
  const [concurrencyText, setConcurrencyText] = useState(wholeNumberText(connection.concurrency));
  const [archiveDir, setArchiveDir] = useState(archiveDirText(connection));
  const [agingText, setAgingText] = useState(agingBucketsText(agingBuckets));
  const [invalid, setInvalid] = useState<ReadonlySet<Field>>(new Set());
  const [failure, setFailure] = useState<UserError | null>(null);
  const [saving, setSaving] = useState(false);
  const urlInput = useRef<HTMLInputElement>(null);
  const timeoutInput = useRef<HTMLInputElement>(null);
  const concurrencyInput = useRef<HTMLInputElement>(null);
  const ids = useId();

  // Before the first frame: a field clicked at once keeps the focus it was given.
  useLayoutEffect(() => urlInput.current?.focus(), []);

  const save = async (event: Event) => {
    event.preventDefault();
    const timeoutSecs = parseWholeNumber(timeoutText);
    const parallel = parseWholeNumber(concurrencyText);
    const wrong = new Set<Field>();
    if (!timeoutSecs.ok) wrong.add('timeout');
    if (!parallel.ok) wrong.add('concurrency');
    setInvalid(wrong);
    if (!timeoutSecs.ok || !parallel.ok) {
      (timeoutSecs.ok ? concurrencyInput : timeoutInput).current?.focus();
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      onSaved(
        await connectionUpdate(connection.name, {
          baseUrl: baseUrl.trim(),
          timeoutSecs: timeoutSecs.value,
          concurrency: parallel.value,
          allowPlainHttp: looksPlainHttp(baseUrl) && allowPlainHttp,
          archiveDir: archiveDirValue(archiveDir),
          // As typed: Rust reads and judges the list; blank goes back to the default.
          agingBuckets: agingText.trim(),
        }),
      );
    } catch (raw) {
      setFailure(toUserError(raw));
      onFailed();
    } finally {
      setSaving(false);
    }
  };

  /** A number field; its hint doubles as the error text when what was typed is not a number. */
  const numberField = (
    field: Field,
    label: string,
    value: string,
    set: (text: string) => void,
    ref: typeof timeoutInput,
  ) => (
    <label>
      {label}
      <input
        ref={ref}
        data-testid={
          field === 'timeout' ? 'connection-edit-timeout' : 'connection-edit-concurrency'
        }
        inputMode="numeric"
        autocomplete="off"
        value={value}
        placeholder="Default"
        aria-invalid={invalid.has(field)}
        aria-describedby={`${ids}-${field}`}
        onInput={(event) => set(event.currentTarget.value)}
      />
      <span
        id={`${ids}-${field}`}
        class={invalid.has(field) ? 'form-error' : 'muted connection-hint'}
        data-testid={invalid.has(field) ? 'connection-edit-invalid' : undefined}
      >
        {invalid.has(field)
          ? 'Enter a whole number, or leave it blank for the default.'
          : 'Blank uses the default.'}
      </span>
    </label>
  );

  return (
    // noValidate: a URL the browser dislikes still goes to Rust, whose message says what to fix.
    <form
      class="connection-edit"
      data-testid="connection-edit-form"
      aria-label={`Edit connection ${connection.name}`}
      noValidate
      onSubmit={save}
    >
      <label>
        Base URL
        <input
          ref={urlInput}
          data-testid="connection-edit-base-url"
          type="url"
          autocomplete="off"
          spellcheck={false}
          value={baseUrl}
          onInput={(event) => setBaseUrl(event.currentTarget.value)}
        />
      </label>
      {looksPlainHttp(baseUrl) && (
        <PlainHttpChoice
          testId="connection-edit-allow-plain-http"
          checked={allowPlainHttp}
          onChange={setAllowPlainHttp}
        />
      )}
      <div class="connection-edit-numbers">
        {numberField('timeout', 'Timeout (seconds)', timeoutText, setTimeoutText, timeoutInput)}
        {numberField(
          'concurrency',
          'Concurrency (parallel requests)',
          concurrencyText,
          setConcurrencyText,
          concurrencyInput,
        )}
      </div>
      <label>
        PDF archive folder
        <input
          data-testid="connection-edit-archive-dir"
          class="mono"
          autocomplete="off"
          spellcheck={false}
          value={archiveDir}
          placeholder={connection.defaultArchiveDir}
          aria-describedby={`${ids}-archive-dir`}
          onInput={(event) => setArchiveDir(event.currentTarget.value)}
        />
        <span id={`${ids}-archive-dir`} class="muted connection-hint">
          Blank uses the default folder.
        </span>
      </label>
      <label>
        Aging buckets (days)
        <input
          data-testid="edit-aging-buckets"
          autocomplete="off"
          spellcheck={false}
          value={agingText}
          placeholder="30, 60, 90"
          aria-describedby={`${ids}-aging-buckets`}
          onInput={(event) => setAgingText(event.currentTarget.value)}
        />
        <span id={`${ids}-aging-buckets`} class="muted connection-hint">
          Days past due where the aging columns split, e.g. 30, 60, 90. Empty: 30, 60, 90.
        </span>
      </label>
      <div class="form-actions">
        <button
          type="submit"
          class="primary"
          data-testid="connection-edit-save"
          disabled={saving || baseUrl.trim() === ''}
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          data-testid="connection-edit-cancel"
          disabled={saving}
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
      {failure && (
        <p class="form-error" role="alert" data-testid="connection-edit-error">
          {failure.message}
        </p>
      )}
    </form>
  );
}
