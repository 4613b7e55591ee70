/**
 * Columns whose content must never be cut short (amounts, the row action buttons) start at
 * the stylesheet's width, which fits usual content in a 1280 px window. When a rendered cell's
 * content is wider (a huge amount, a wider system font), the column grows to fit it, header
 * included, through a CSS variable on the table. Widths only grow within one query: they
 * would otherwise jump back and forth while scrolling.
 */
import { useLayoutEffect, useState, type Inputs } from 'preact/hooks';
import type { RefObject } from 'preact';

/** The CSS variable of each fitted column, and the body cells it must fit. */
const FITTED = [
  { variable: '--amount-width', cells: '.table-body .cell.amount' },
  { variable: '--actions-width', cells: '.table-body .cell.col-actions' },
] as const;

type Widths = Partial<Record<(typeof FITTED)[number]['variable'], number>>;

/**
 * The style to put on `table`: the widths its fitted columns need, in px. `resetKey` changes
 * with the query (start again from the stylesheet); `inputs` change when other rows render.
 */
export function useFittedWidths(
  table: RefObject<HTMLElement | null>,
  resetKey: string,
  inputs: Inputs,
): Record<string, string> | undefined {
  const [widths, setWidths] = useState<Widths>({});
  // Kept as is when nothing grew: a new empty object would re-render the whole table on
  // every filter or sort change for nothing.
  useLayoutEffect(
    () => setWidths((current) => (Object.keys(current).length === 0 ? current : {})),
    [resetKey],
  );
  useLayoutEffect(() => {
    const element = table.current;
    if (!element) return;
    const grown: Widths = {};
    for (const { variable, cells } of FITTED) {
      const needed = widestCut(element.querySelectorAll<HTMLElement>(cells));
      if (needed !== null && needed > (widths[variable] ?? 0)) grown[variable] = needed;
    }
    if (Object.keys(grown).length > 0) setWidths((current) => ({ ...current, ...grown }));
  }, [...inputs, widths]);

  const entries = Object.entries(widths);
  return entries.length === 0
    ? undefined
    : Object.fromEntries(entries.map(([variable, px]) => [variable, `${px}px`]));
}

/** The border-box width the widest cut cell needs, in whole px; `null` when none is cut. */
function widestCut(cells: Iterable<HTMLElement>): number | null {
  let needed: number | null = null;
  for (const cell of cells) {
    const overflow = cell.scrollWidth - cell.clientWidth;
    // One pixel more: layout widths are fractional, scrollWidth is rounded.
    if (overflow > 0)
      needed = Math.max(needed ?? 0, Math.ceil(cell.getBoundingClientRect().width) + overflow + 1);
  }
  return needed;
}
