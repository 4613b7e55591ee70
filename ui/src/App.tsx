import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { AboutDialog } from './components/AboutDialog';
import { ConnectionForm } from './components/ConnectionForm';
import { ConnectionsScreen } from './components/ConnectionsScreen';
import { Desk } from './components/Desk';
import { ErrorBanner } from './components/ErrorBanner';
import { Header } from './components/Header';
import { focusReturn, type FocusReturn } from './focus/focusReturn';
import { appInfo, connectionUse, settingsGet, toUserError, type UserError } from './ipc';
import type { Theme } from './theme/scheme';
import { useTheme } from './theme/useTheme';
import type { AppInfo, Settings, UiPrefs } from './types';
import { followUpdateStatus, updateMark, updateSnapshot } from './updates/updateStatus';

type Boot =
  | { state: 'loading' }
  | { state: 'ready'; info: AppInfo; settings: Settings }
  | { state: 'failed'; error: UserError };

/**
 * Start-up: ask Rust what to show. No connection and no demo data means first run (the
 * connection form); otherwise the desk, keyed by a counter so that a connection change
 * starts it afresh with nothing left over from the previous connection. The Connections
 * screen and the connection form replace the desk while open (the header stays); the screen
 * comes first and does not depend on start-up having worked, so it stays open, with what it
 * shows, while the desk behind it restarts. The theme applies to every screen: the saved one
 * once Rust answers, the OS setting until then.
 */
export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [adding, setAdding] = useState(false);
  const [connectionsOpen, setConnectionsOpen] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [switchFailure, setSwitchFailure] = useState<{
    error: UserError;
    retry: () => void;
  } | null>(null);
  /** The last theme known, kept while Rust is asked again so a restart does not flash another one. */
  const [theme, setTheme] = useState<Theme>('system');
  useTheme(theme);

  /** Asks Rust again; `quiet` keeps what is on screen (no "Starting…") until it answers. */
  const load = useCallback((quiet: boolean) => {
    if (!quiet) setBoot({ state: 'loading' });
    // Listening first: the check Rust runs at start may end while app_info is on its way.
    let mark = 0;
    followUpdateStatus()
      .then(() => {
        mark = updateMark();
        return Promise.all([appInfo(), settingsGet()]);
      })
      .then(
        ([info, settings]) => {
          updateSnapshot(info.updates, mark);
          setBoot({ state: 'ready', info, settings });
          setTheme(settings.ui.theme);
          setGeneration((value) => value + 1);
        },
        (raw: unknown) => setBoot({ state: 'failed', error: toUserError(raw) }),
      );
  }, []);

  const start = useCallback(() => load(false), [load]);
  /** The desk restarts behind the Connections screen; the header updates when Rust answers. */
  const restartBehind = useCallback(() => load(true), [load]);

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

  /** The desk changed the display preferences (and saves them): every screen and restart starts from them. */
  const prefsChanged = useCallback((ui: UiPrefs) => {
    setTheme(ui.theme);
    setBoot((current) =>
      current.state === 'ready' ? { ...current, settings: { ...current.settings, ui } } : current,
    );
  }, []);

  const openConnections = useCallback(() => {
    setAdding(false);
    setConnectionsOpen(true);
  }, []);

  // Where the focus goes back to, read when the dialog is asked for: the palette has just given
  // the focus back to where it was opened from, and the dialog's first render may come after
  // other focus moves.
  const aboutReturn = useRef<FocusReturn | undefined>(undefined);
  const openAbout = useCallback(() => {
    aboutReturn.current = focusReturn(document.activeElement);
    setAboutOpen(true);
  }, []);
  const closeAbout = useCallback(() => setAboutOpen(false), []);
  /** Every screen has the header's About button: the dialog opens over whichever is shown. */
  const withAbout = (screen: ComponentChildren) => (
    <>
      {screen}
      {aboutOpen && <AboutDialog onClose={closeAbout} returnTo={aboutReturn.current} />}
    </>
  );

  const info = boot.state === 'ready' ? boot.info : null;
  const settings = boot.state === 'ready' ? boot.settings : null;

  if (connectionsOpen && !adding) {
    return withAbout(
      <>
        <Header
          info={info}
          settings={settings}
          onOpenConnections={openConnections}
          connectionsOpen
          onAbout={openAbout}
        />
        <main class="app-main">
          <ConnectionsScreen
            onClose={() => setConnectionsOpen(false)}
            onAdd={() => setAdding(true)}
            onChanged={restartBehind}
          />
        </main>
      </>,
    );
  }

  if (boot.state !== 'ready') {
    return withAbout(
      <>
        <Header
          info={null}
          settings={null}
          onOpenConnections={openConnections}
          onAbout={openAbout}
        />
        <main class="app-main">
          {boot.state === 'failed' ? (
            <ErrorBanner error={boot.error} onRetry={start} onOpenConnections={openConnections} />
          ) : (
            <p class="muted" data-testid="loading" aria-busy="true">
              Starting…
            </p>
          )}
        </main>
      </>,
    );
  }

  const firstRun = !boot.info.demo && boot.info.connection === null;
  if (firstRun || adding) {
    // Saved or cancelled, the form goes back to where it was opened: the Connections screen or the desk.
    const done = () => {
      setAdding(false);
      if (connectionsOpen) restartBehind();
      else start();
    };
    return withAbout(
      <>
        <Header
          info={boot.info}
          settings={boot.settings}
          onOpenConnections={openConnections}
          onAbout={openAbout}
        />
        <main class="app-main">
          <ConnectionForm
            firstRun={firstRun}
            onSaved={done}
            onDemo={done}
            onCancel={firstRun && !connectionsOpen ? undefined : () => setAdding(false)}
          />
        </main>
      </>,
    );
  }

  return withAbout(
    <>
      {switchFailure && (
        <div class="app-main">
          <ErrorBanner
            error={switchFailure.error}
            onRetry={switchFailure.retry}
            onOpenConnections={openConnections}
          />
        </div>
      )}
      <Desk
        key={generation}
        info={boot.info}
        settings={boot.settings}
        onAddConnection={() => setAdding(true)}
        onUseConnection={useConnection}
        onOpenConnections={openConnections}
        onPrefsChange={prefsChanged}
        onAbout={openAbout}
      />
    </>,
  );
}
