/**
 * Where Tab goes inside a container, for the focus traps of popovers: the elements it stops
 * at, and the next one with wrapping at both ends.
 */

const CANDIDATES = 'button, input, select, textarea, a[href], [tabindex]';

/** The elements inside `root` that Tab stops at, in document order. */
export function tabStops(root: Element): HTMLElement[] {
  return oneRadioPerGroup(
    [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter(
      (element) =>
        element.tabIndex >= 0 &&
        !element.matches(':disabled') &&
        element.getClientRects().length > 0,
    ),
  );
}

/** What {@link oneRadioPerGroup} reads of an element (an `HTMLInputElement` has all of it). */
type Stop = { type?: unknown; name?: unknown; checked?: unknown };

/**
 * `stops` with a radio group counted once, as the browser's own Tab does: a group (radios of
 * one `name`) is a single stop, its checked radio, or its first one while none is checked; the
 * arrow keys move between its radios. A radio without a name is a group of its own.
 */
export function oneRadioPerGroup<T extends object>(stops: readonly T[]): T[] {
  const radio = (stop: T): (Stop & { name: string }) | null => {
    const fields = stop as Stop;
    return fields.type === 'radio' && typeof fields.name === 'string' && fields.name !== ''
      ? (fields as Stop & { name: string })
      : null;
  };
  const chosen = new Map<string, T>();
  for (const stop of stops) {
    const fields = radio(stop);
    if (!fields) continue;
    if (
      !chosen.has(fields.name) ||
      (fields.checked === true && (chosen.get(fields.name) as Stop).checked !== true)
    )
      chosen.set(fields.name, stop);
  }
  return stops.filter((stop) => {
    const fields = radio(stop);
    return !fields || chosen.get(fields.name) === stop;
  });
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
