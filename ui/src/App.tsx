import { useCallback, useEffect, useState } from 'preact/hooks';
import type { AppInfo } from './bindings/AppInfo';
import { appInfo, toUserError, type UserError } from './ipc';

type Load = { state: 'loading' } | { state: 'ready'; info: AppInfo } | { state: 'failed'; error: UserError };

export function App() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const refresh = useCallback(() => {
    setLoad({ state: 'loading' });
    appInfo().then(
      (info) => setLoad({ state: 'ready', info }),
      (error: unknown) => setLoad({ state: 'failed', error: toUserError(error) }),
    );
  }, []);

  useEffect(refresh, [refresh]);

  const info = load.state === 'ready' ? load.info : undefined;
  return (
    <>
      <header class="app-header">
        <img class="app-logo" src="/favicon.png" alt="" width={24} height={24} />
        <h1 class="app-title">Billing Desk</h1>
        {info?.demo && (
          <span class="badge badge-demo" title="Showing built-in demo data, not a real organization">
            Demo
          </span>
        )}
        <span class="app-version" data-testid="app-version">
          {info ? `Version ${info.version}` : ''}
        </span>
      </header>
      <main class="app-main">
        {load.state === 'failed' ? (
          <div class="banner banner-error" role="alert">
            <p>{load.error.message}</p>
            <button type="button" onClick={refresh}>
              Retry
            </button>
          </div>
        ) : (
          <section class="placeholder" aria-busy={load.state === 'loading'}>
            <h2>Invoices</h2>
            <p data-testid="status">
              {load.state === 'loading'
                ? 'Starting…'
                : info?.demo
                  ? 'Demo data: invoices and payment methods of sample organizations will appear here.'
                  : 'Invoices and payment methods of your organizations will appear here.'}
            </p>
          </section>
        )}
      </main>
    </>
  );
}
