/**
 * Where Tab goes inside a container, for the focus traps of popovers: the elements it stops
 * at, and the next one with wrapping at both ends.
 */

const CANDIDATES = 'button, input, select, textarea, a[href], [tabindex]';

/** The elements inside `root` that Tab stops at, in document order. */
export function tabStops(root: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter(
    (element) => element.tabIndex >= 0 && !element.matches(':disabled') && element.getClientRects().length > 0,
  );
}

/**
 * The index Tab (or Shift+Tab, `backwards`) moves to from stop `from` among `count` stops,
 * wrapping from the last to the first and back. From outside the stops (-1) it enters at the
 * first, or at the last going backwards.
 */
export function nextStop(from: number, count: number, backwards: boolean): number {
  if (count <= 0) return -1;
  if (from < 0) return backwards ? count - 1 : 0;
  return (from + (backwards ? count - 1 : 1)) % count;
}
