import type { Theme } from '../theme/scheme';
import type { AppInfo, Settings } from '../types';
import { offeredVersion } from '../updates/updateText';
import { useUpdateStatus } from '../updates/updateStatus';
import { ABOUT_BUTTON_ID } from './AboutDialog';
import { ThemeSelect } from './ThemeSelect';

type Props = {
  info: AppInfo | null;
  settings: Settings | null;
  onRefresh?: (() => void) | undefined;
  refreshing?: boolean;
  onAddConnection?: (() => void) | undefined;
  onUseConnection?: ((name: string | null) => void) | undefined;
  /** Opens the Connections screen; absent only while the app has nothing to show yet. */
  onOpenConnections?: (() => void) | undefined;
  /** The Connections screen is open: its button says so to assistive technology. */
  connectionsOpen?: boolean;
  /** Applies and saves another theme (the menu shows `settings`' choice); absent where nothing saves it. */
  onTheme?: ((theme: Theme) => void) | undefined;
  /** Opens the About dialog (versions, folders, diagnostics). */
  onAbout?: (() => void) | undefined;
};

/**
 * Title, the active connection (or the Demo label), a connection switcher, the theme,
 * Connections, Refresh, an "Update" button when a newer version is offered (it opens About,
 * where it is downloaded and installed), About and the version.
 */
export function Header({
  info,
  settings,
  onRefresh,
  refreshing = false,
  onAddConnection,
  onUseConnection,
  onOpenConnections,
  connectionsOpen = false,
  onTheme,
  onAbout,
}: Props) {
  const connections = settings?.connections ?? [];
  const update = useUpdateStatus();
  const offered = offeredVersion(update);
  return (
    <header class="app-header">
      <img class="app-logo" src="/favicon.png" alt="" width={24} height={24} />
      <h1 class="app-title">Billing Desk</h1>
      {info?.demo && (
        <span
          class="badge badge-demo"
          data-testid="demo-badge"
          title="Showing built-in demo data, not a real organization"
        >
          Demo
        </span>
      )}
      {info && !info.demo && info.connection !== null && (
        <span class="connection-name" data-testid="connection-name">
          {info.connection}
        </span>
      )}
      {info && onUseConnection && connections.length > 0 && (
        <label class="connection-switch">
          <span class="visually-hidden">Connection</span>
          <select
            value={info.demo ? '' : (info.connection ?? '')}
            onChange={(event) =>
              onUseConnection(event.currentTarget.value === '' ? null : event.currentTarget.value)
            }
          >
            {connections.map((connection) => (
              <option key={connection.name} value={connection.name}>
                {connection.name}
              </option>
            ))}
            <option value="">Demo data</option>
          </select>
        </label>
      )}
      <span class="header-spacer" />
      {settings && onTheme && <ThemeSelect theme={settings.ui.theme} onChange={onTheme} />}
      {onOpenConnections && (
        <button
          type="button"
          data-testid="connections-button"
          aria-current={connectionsOpen ? 'page' : undefined}
          onClick={onOpenConnections}
        >
          Connections
        </button>
      )}
      {onAddConnection && (
        <button type="button" data-testid="add-connection" onClick={onAddConnection}>
          Add connection
        </button>
      )}
      {onRefresh && (
        <button
          type="button"
          data-testid="refresh-button"
          onClick={onRefresh}
          disabled={refreshing}
          aria-keyshortcuts="Control+R Meta+R"
          title="Refresh (Ctrl+R)"
        >
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      )}
      {onAbout && offered !== null && (
        <button
          type="button"
          class="header-update"
          data-testid="header-update"
          aria-haspopup="dialog"
          // The visible words come first: speech control users say what they see.
          aria-label={`Update ${offered}: Billing Desk ${offered} is ${update?.state === 'verified' ? 'downloaded' : 'available'}, open About`}
          onClick={onAbout}
        >
          Update {offered}
        </button>
      )}
      {onAbout && (
        <button
          type="button"
          class="header-about"
          id={ABOUT_BUTTON_ID}
          data-testid="about-button"
          aria-haspopup="dialog"
          onClick={onAbout}
        >
          About
        </button>
      )}
      <span class="app-version" data-testid="app-version">
        {info ? `Version ${info.version}` : ''}
      </span>
    </header>
  );
}
