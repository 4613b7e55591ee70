/**
 * The app's keyboard shortcuts. Ctrl on Linux and Windows, Cmd on macOS. Ctrl/Cmd+R and F5
 * would reload the web view (losing the view and re-running start-up), so they are taken over
 * to refresh the data instead. Ctrl/Cmd+K opens the command palette. Inside the invoice grid, plain keys run the focused row's
 * actions (`rowActionFor`); the grid's movement keys are in `table/gridNav.ts`.
 */
import type { RowAction } from './rowActions';

export type Shortcut = 'search' | 'refresh' | 'export' | 'palette';

export type KeyInput = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
};

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
    case 'k':
      return event.shiftKey ? null : 'palette';
    default:
      return null;
  }
}

/** The letter pressed with Ctrl or Cmd for each shortcut. */
const SHORTCUT_LETTERS: Readonly<Record<Shortcut, string>> = {
  search: 'F',
  refresh: 'R',
  export: 'E',
  palette: 'K',
};

/** A shortcut as the UI writes it: "Ctrl+E", or "Cmd+E" on a Mac. */
export function shortcutLabel(shortcut: Shortcut, mac: boolean): string {
  return `${mac ? 'Cmd' : 'Ctrl'}+${SHORTCUT_LETTERS[shortcut]}`;
}

/** Whether `platform` (`navigator.platform`) is Apple's, where Cmd is the shortcut key. */
export function isApplePlatform(platform: string): boolean {
  return /^(Mac|iPhone|iPad|iPod)/.test(platform);
}

/**
 * The key of each row action while a cell of the invoice grid has the focus, as the UI shows
 * it and as `aria-keyshortcuts` names it.
 */
export const ROW_ACTION_KEYS: Readonly<Record<RowAction, string>> = {
  openHosted: 'Enter',
  openPdf: 'P',
  openArchived: 'A',
  copyLink: 'C',
  downloadPdf: 'D',
};

/**
 * The row action a key press in the invoice grid asks for. Letters with Ctrl, Cmd or Alt stay
 * the browser's and the app's (Ctrl+C copies, Ctrl+E exports); Shift and Caps Lock do not
 * matter. Shift+Enter is left alone: it means "open in a new window" elsewhere.
 */
export function rowActionFor(event: KeyInput): RowAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === 'Enter') return event.shiftKey ? null : 'openHosted';
  switch (event.key.toLowerCase()) {
    case 'p':
      return 'openPdf';
    case 'a':
      return 'openArchived';
    case 'c':
      return 'copyLink';
    case 'd':
      return 'downloadPdf';
    default:
      return null;
  }
}
