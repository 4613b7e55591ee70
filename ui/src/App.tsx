import { useCallback, useEffect, useState } from 'preact/hooks';
import { ConnectionForm } from './components/ConnectionForm';
import { Desk } from './components/Desk';
import { ErrorBanner } from './components/ErrorBanner';
import { Header } from './components/Header';
import { appInfo, connectionUse, settingsGet, toUserError, type UserError } from './ipc';
import type { AppInfo, Settings } from './types';

type Boot =
  | { state: 'loading' }
  | { state: 'ready'; info: AppInfo; settings: Settings }
  | { state: 'failed'; error: UserError };

/**
 * Start-up: ask Rust what to show. No connection and no demo data means first run (the
 * connection form); otherwise the desk, keyed by a counter so that a connection change
 * starts it afresh with nothing left over from the previous connection.
 */
export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [adding, setAdding] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [switchFailure, setSwitchFailure] = useState<{ error: UserError; retry: () => void } | null>(null);

  const start = useCallback(() => {
    setBoot({ state: 'loading' });
    Promise.all([appInfo(), settingsGet()]).then(
      ([info, settings]) => {
        setBoot({ state: 'ready', info, settings });
        setGeneration((value) => value + 1);
      },
      (raw: unknown) => setBoot({ state: 'failed', error: toUserError(raw) }),
    );
  }, []);

  useEffect(start, [start]);

  const useConnection = useCallback(
    (name: string | null) => {
      setSwitchFailure(null);
      connectionUse(name).then(start, (raw: unknown) =>
        setSwitchFailure({ error: toUserError(raw), retry: () => useConnection(name) }),
      );
    },
    [start],
  );

  if (boot.state !== 'ready') {
    return (
      <>
        <Header info={null} settings={null} />
        <main class="app-main">
          {boot.state === 'failed' ? (
            <ErrorBanner error={boot.error} onRetry={start} />
          ) : (
            <p class="muted" data-testid="loading" aria-busy="true">
              Starting…
            </p>
          )}
        </main>
      </>
    );
  }

  const { info, settings } = boot;
  const firstRun = !info.demo && info.connection === null;
  if (firstRun || adding) {
    return (
      <>
        <Header info={info} settings={settings} />
        <main class="app-main">
          <ConnectionForm
            firstRun={firstRun}
            onSaved={() => {
              setAdding(false);
              start();
            }}
            onDemo={() => {
              setAdding(false);
              start();
            }}
            onCancel={firstRun ? undefined : () => setAdding(false)}
          />
        </main>
      </>
    );
  }

  return (
    <>
      {switchFailure && (
        <div class="app-main">
          <ErrorBanner error={switchFailure.error} onRetry={switchFailure.retry} />
        </div>
      )}
      <Desk key={generation} info={info} settings={settings} onAddConnection={() => setAdding(true)} onUseConnection={useConnection} />
    </>
  );
}
