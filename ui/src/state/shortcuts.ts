/**
 * The app's keyboard shortcuts. Ctrl on Linux and Windows, Cmd on macOS. Ctrl/Cmd+R and F5
 * would reload the web view (losing the view and re-running start-up), so they are taken over
 * to refresh the data instead.
 */
export type Shortcut = 'search' | 'refresh' | 'export';

export type KeyInput = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };

export function shortcutFor(event: KeyInput): Shortcut | null {
  if (event.key === 'F5' && !event.altKey) return 'refresh';
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey) return null;
  switch (event.key.toLowerCase()) {
    case 'f':
      return event.shiftKey ? null : 'search';
    case 'r':
      // Shift too: Ctrl+Shift+R is a hard reload in Chromium-based views.
      return 'refresh';
    case 'e':
      return event.shiftKey ? null : 'export';
    default:
      return null;
  }
}
