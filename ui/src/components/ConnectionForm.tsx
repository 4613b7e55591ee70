import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { connectionAdd, connectionTest, connectionUse, toUserError, type UserError } from '../ipc';
import { looksPlainHttp } from '../state/connections';
import { splitOrgIds } from '../state/orgs';
import type { Settings } from '../types';
import { ErrorBanner } from './ErrorBanner';
import { PlainHttpChoice } from './PlainHttpChoice';

type Props = {
  /** True on first start: no connection yet, the form is the whole screen. */
  firstRun: boolean;
  onSaved: (settings: Settings) => void;
  /** The user chose demo data. */
  onDemo: () => void;
  onCancel?: (() => void) | undefined;
};

type TestResult = { ok: true; text: string } | { ok: false; error: UserError } | null;

/**
 * A new connection: name, base URL, token, organizations. The token lives in this component's
 * state only until Rust has saved it into the keyring; it is never stored or shown anywhere else.
 */
export function ConnectionForm({ firstRun, onSaved, onDemo, onCancel }: Props) {
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [allowPlainHttp, setAllowPlainHttp] = useState(false);
  const [token, setToken] = useState('');
  const [orgText, setOrgText] = useState('');
  const [test, setTest] = useState<TestResult>(null);
  const [busy, setBusy] = useState<'test' | 'save' | 'demo' | null>(null);
  const [failure, setFailure] = useState<{ error: UserError; retry: () => void } | null>(null);

  // Leaving the form drops the token with the component; this also clears it on unmount paths
  // where state would otherwise linger in devtools snapshots.
  useEffect(() => () => setToken(''), []);

  // Opened by "Add connection" (a button or the command palette), the form replaces what had
  // the focus: the focus goes to its first field instead of falling back to the page. On first
  // run it is the start screen, which is read from the top.
  const nameInput = useRef<HTMLInputElement>(null);
  // Before the first frame: a field clicked at once keeps the focus it was given.
  useLayoutEffect(() => {
    if (!firstRun) nameInput.current?.focus();
  }, []);

  const orgIds = splitOrgIds(orgText);
  const plainHttp = looksPlainHttp(baseUrl);
  /** The opt-in counts only while the address is plain http, so it cannot linger unseen. */
  const allowed = plainHttp && allowPlainHttp;

  const runTest = async () => {
    const orgId = orgIds[0];
    if (!orgId) {
      setTest({
        ok: false,
        error: toUserError({
          code: 'invalidInput',
          message: 'Enter an organization ID to test the connection with.',
        }),
      });
      return;
    }
    setBusy('test');
    setTest(null);
    try {
      const result = await connectionTest(baseUrl.trim(), allowed, token, orgId);
      setTest({
        ok: true,
        text: `Connection works: ${result.orgId} has ${result.invoices} invoices and ${result.paymentMethods} payment methods.`,
      });
    } catch (raw) {
      setTest({ ok: false, error: toUserError(raw) });
    } finally {
      setBusy(null);
    }
  };

  const save = async (event?: Event) => {
    event?.preventDefault();
    setBusy('save');
    setFailure(null);
    try {
      const settings = await connectionAdd(name.trim(), baseUrl.trim(), allowed, token, orgIds);
      setToken('');
      onSaved(settings);
    } catch (raw) {
      setFailure({ error: toUserError(raw), retry: () => void save() });
    } finally {
      setBusy(null);
    }
  };

  const demo = async () => {
    setBusy('demo');
    setFailure(null);
    try {
      await connectionUse(null);
      setToken('');
      onDemo();
    } catch (raw) {
      setFailure({ error: toUserError(raw), retry: () => void demo() });
    } finally {
      setBusy(null);
    }
  };

  const complete = name.trim() !== '' && baseUrl.trim() !== '' && token !== '';

  return (
    <section class="connection-page" aria-labelledby="connection-heading">
      <form class="connection-form card" data-testid="connection-form" onSubmit={save}>
        <h2 id="connection-heading">{firstRun ? 'Welcome to Billing Desk' : 'Add a connection'}</h2>
        <p class="muted">
          Connect to your billing API. The token is saved in your system keyring, never in a file.
        </p>
        <label>
          Name
          <input
            ref={nameInput}
            data-testid="conn-name"
            value={name}
            required
            placeholder="Production"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          Base URL
          <input
            data-testid="conn-base-url"
            type="url"
            value={baseUrl}
            required
            placeholder="https://billing.example.com/"
            onInput={(e) => setBaseUrl(e.currentTarget.value)}
          />
        </label>
        {plainHttp && (
          <PlainHttpChoice
            testId="conn-allow-plain-http"
            checked={allowPlainHttp}
            onChange={setAllowPlainHttp}
          />
        )}
        <label>
          API token
          <input
            data-testid="conn-token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={token}
            required
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </label>
        <label>
          Organization IDs <span class="muted">(one per line, or separated by commas)</span>
          <textarea
            data-testid="conn-org-ids"
            rows={4}
            value={orgText}
            onInput={(e) => setOrgText(e.currentTarget.value)}
          />
        </label>
        <div class="form-actions">
          <button
            type="button"
            data-testid="conn-test"
            disabled={busy !== null || baseUrl.trim() === '' || token === ''}
            onClick={runTest}
          >
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button
            type="submit"
            class="primary"
            data-testid="conn-save"
            disabled={busy !== null || !complete}
          >
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
        <div
          data-testid="conn-test-result"
          role="status"
          class={test && !test.ok ? 'form-error' : 'form-ok'}
        >
          {test ? (test.ok ? test.text : test.error.message) : ''}
        </div>
        {failure && <ErrorBanner error={failure.error} onRetry={failure.retry} />}
        <hr />
        <p class="muted">Just looking around?</p>
        <button type="button" data-testid="try-demo" disabled={busy !== null} onClick={demo}>
          Try demo data
        </button>
      </form>
    </section>
  );
}
