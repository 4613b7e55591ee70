/**
 * Keeps the invoice table's rows: asks Rust for the block of rows around what is in view
 * (`invoices_query` with offset/limit) and never holds more than that block, so 100k matched
 * invoices cost the same as 100. A filter or sort change starts a new query (marked
 * `bd:query-start`); scrolling only fetches a new block when the view leaves the one held.
 *
 * At most one query is in flight. A request made meanwhile (new data during a batch, a typed
 * search, a scroll) waits for it and then leaves with the view of that moment; requests made
 * while one waits merge into it. An answer is shown when it belongs to the view on screen,
 * even if newer data is already on its way. Letting each request overtake the last instead
 * starves the table during a long batch: once Rust needs longer than the live refresh
 * interval, every answer arrives after a newer request and is dropped, so a search typed
 * mid-batch never shows.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { firstRowsShown, invoicesQuery, toUserError, type UserError } from '../ipc';
import { blockFor, covers, type Block, type Range } from '../table/window';
import type { CurrencyDueMonths, CurrencySummary, InvoiceRow, InvoiceStatus } from '../types';
import { STATUSES, toInvoiceQuery, viewKey, type ViewState } from './query';

export type Held = { offset: number; rows: InvoiceRow[] };

export type Pages = {
  /** The view the numbers below belong to. */
  key: string;
  matched: number;
  loaded: number;
  byCurrency: CurrencySummary[];
  /** Outstanding by due month, per currency (the charts). */
  dueMonths: CurrencyDueMonths[];
  currencies: Record<string, number>;
  /** The statuses the status filter offers for the organizations in view (Rust's facet). */
  statuses: readonly InvoiceStatus[];
  held: Held | null;
  /** True until the first answer for the current view arrived. */
  pending: boolean;
  error: UserError | null;
};

/** Whether this page has told Rust its first rows are on screen (once per page load). */
let firstRowsReported = false;

/** Rows asked for before the table knows its height. */
const FIRST_RANGE: Range = { start: 0, end: 30 };
/** Scroll events come every frame; a block is asked for once scrolling pauses this long. */
const WINDOW_DEBOUNCE_MS = 30;

export function rowAt(held: Held | null, index: number): InvoiceRow | undefined {
  if (!held || index < held.offset) return undefined;
  return held.rows[index - held.offset];
}

export function useInvoicePages(view: ViewState, dataVersion: number) {
  const key = viewKey(view);
  const [pages, setPagesState] = useState<Pages>(() => ({
    key,
    matched: 0,
    loaded: 0,
    byCurrency: [],
    dueMonths: [],
    currencies: {},
    statuses: STATUSES,
    held: null,
    pending: true,
    error: null,
  }));
  // The newest pages, also before they are rendered: callbacks read this, never a render's
  // copy, because an effect of an older render can run after a newer answer arrived (Preact
  // runs effects after paint), and deciding from that older copy re-asked for rows held already.
  const latest = useRef(pages);
  const setPages = useCallback((next: Pages | ((old: Pages) => Pages)) => {
    latest.current = typeof next === 'function' ? next(latest.current) : next;
    setPagesState(latest.current);
  }, []);
  const viewRef = useRef(view);
  viewRef.current = view;
  const inflight = useRef<{ key: string; block: Block } | null>(null);
  /** A request waiting for the one in flight; `isNewQuery` when any merged into it was one. */
  const queued = useRef<{ isNewQuery: boolean } | null>(null);
  const range = useRef<Range>(FIRST_RANGE);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const paintPending = useRef(false);
  const lastKey = useRef<string | null>(null);
  const mounted = useRef(true);

  const send = useCallback(
    (isNewQuery: boolean) => {
      const currentKey = viewKey(viewRef.current);
      const block = blockFor(range.current, latest.current.matched);
      inflight.current = { key: currentKey, block };
      if (isNewQuery) {
        paintPending.current = true;
        performance.mark('bd:query-start');
      }
      const next = () => {
        inflight.current = null;
        const waiting = queued.current;
        queued.current = null;
        if (waiting && mounted.current) send(waiting.isNewQuery);
      };
      invoicesQuery(toInvoiceQuery(viewRef.current, block)).then(
        (page) => {
          // An answer for a view no longer on screen is not shown; the request queued by the
          // view change follows at once.
          if (currentKey === viewKey(viewRef.current)) {
            // The benchmark splits query-start → table-painted here: IPC and Rust before, render after.
            if (paintPending.current) performance.mark('bd:query-answered');
            setPages({
              key: currentKey,
              matched: page.matched,
              loaded: page.loaded,
              byCurrency: page.byCurrency,
              dueMonths: page.dueMonths ?? [],
              currencies: page.currencies,
              statuses: page.statuses,
              held: { offset: block.offset, rows: page.rows },
              pending: false,
              error: null,
            });
          }
          next();
        },
        (raw: unknown) => {
          if (currentKey === viewKey(viewRef.current) && !queued.current) {
            paintPending.current = false;
            setPages((old) => ({
              ...old,
              key: currentKey,
              pending: false,
              error: toUserError(raw),
            }));
          }
          next();
        },
      );
    },
    [setPages],
  );

  /** Sends a query now, or after the one in flight. */
  const load = useCallback(
    (isNewQuery: boolean) => {
      if (inflight.current) {
        queued.current = { isNewQuery: isNewQuery || (queued.current?.isNewQuery ?? false) };
        return;
      }
      send(isNewQuery);
    },
    [send],
  );

  // A new view (filter, sort, organization) starts from the top; new data keeps the position.
  // A layout effect, so the query leaves in the same task as the user's change: a plain effect
  // would wait for the next frame to be painted first.
  useLayoutEffect(() => {
    clearTimeout(timer.current);
    const isNewQuery = lastKey.current !== key;
    lastKey.current = key;
    if (isNewQuery) {
      const height = range.current.end - range.current.start;
      range.current = { start: 0, end: Math.max(height, FIRST_RANGE.end) };
      // Pending until this view's first answer: the held numbers are another view's, or, at
      // mount, none at all (then "no invoices" would show before the first answer).
      setPages((old) => ({ ...old, pending: old.pending || old.key !== key }));
    }
    load(isNewQuery);
  }, [key, dataVersion, load]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  // The benchmark's end mark: the frame after the rows of a new query were committed.
  useLayoutEffect(() => {
    if (paintPending.current && pages.key === key && !pages.pending) {
      paintPending.current = false;
      // Splits the render into Preact's commit (before) and the frame that shows it (after).
      performance.mark('bd:table-committed');
      requestAnimationFrame(() => performance.mark('bd:table-painted'));
    }
  }, [pages, key]);

  // The launch's end: the first rows of any view, after the frame that shows them (a task
  // queued from that frame's animation callback runs once it was painted).
  useLayoutEffect(() => {
    if (firstRowsReported || !pages.held?.rows.length) return;
    firstRowsReported = true;
    requestAnimationFrame(() => setTimeout(() => void firstRowsShown(), 0));
  }, [pages]);

  /** The table reports the rows in view; fetch a new block when they are not held. */
  const showRange = useCallback(
    (next: Range) => {
      range.current = next;
      if (next.end <= next.start) return;
      const currentKey = viewKey(viewRef.current);
      const pages = latest.current;
      // After an error only Retry asks again: scrolling must not hammer a failing backend.
      if (pages.error && pages.key === currentKey) return;
      const flying = inflight.current;
      if (
        flying &&
        flying.key === currentKey &&
        covers({ offset: flying.block.offset, count: flying.block.limit }, next)
      )
        return;
      if (
        pages.key === currentKey &&
        pages.held &&
        covers(
          { offset: pages.held.offset, count: pages.held.rows.length },
          clampRange(next, pages.matched),
        )
      ) {
        return;
      }
      clearTimeout(timer.current);
      timer.current = setTimeout(() => load(false), WINDOW_DEBOUNCE_MS);
    },
    [load],
  );

  const retry = useCallback(() => load(true), [load]);

  return { pages, key, showRange, retry };
}

function clampRange(range: Range, total: number): Range {
  return { start: Math.min(range.start, total), end: Math.min(range.end, total) };
}
