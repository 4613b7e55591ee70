/**
 * Puts a theme choice on the page: `data-theme` on the root element, which styles.css keys its
 * palettes and `color-scheme` off. "System" follows the OS setting, also when it changes while
 * the app runs.
 */
import { useLayoutEffect } from 'preact/hooks';
import { OS_DARK_QUERY, schemeFor, type Theme } from './scheme';

/** Shows `theme` now and, for "system", on every change of the OS setting until the returned stop. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): () => void {
  const os = window.matchMedia(OS_DARK_QUERY);
  const show = () => {
    root.dataset.theme = schemeFor(theme, os.matches);
  };
  show();
  if (theme !== 'system') return () => undefined;
  os.addEventListener('change', show);
  return () => os.removeEventListener('change', show);
}

/**
 * Keeps `theme` on the page while the calling component is mounted. A layout effect, so the
 * first paint already has the palette; the attribute stays after unmount, since the page
 * must always show one of the two.
 */
export function useTheme(theme: Theme): void {
  useLayoutEffect(() => applyTheme(theme), [theme]);
}
