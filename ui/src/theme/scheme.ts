/**
 * The two palettes of styles.css and which one a theme choice shows. The choice is the saved
 * `UiPrefs.theme`; the palette on screen is the `data-theme` attribute of the root element.
 */
import type { UiPrefs } from '../types';

/** The saved choice: "system", "light" or "dark". */
export type Theme = UiPrefs['theme'];

/** The choices as the UI names them, in the order it offers them (the header's menu, the command palette). */
export const THEME_CHOICES: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** A palette of styles.css: the `:root` block (light) or the `:root[data-theme='dark']` one. */
export type Scheme = 'light' | 'dark';

/** The media query of the OS setting that "System" follows. */
export const OS_DARK_QUERY = '(prefers-color-scheme: dark)';

/** The palette `theme` shows while the OS asks for dark (`osDark`) or not. */
export function schemeFor(theme: Theme, osDark: boolean): Scheme {
  switch (theme) {
    case 'system':
      return osDark ? 'dark' : 'light';
    case 'light':
    case 'dark':
      return theme;
  }
}
