import { useEffect, useRef, useState } from 'preact/hooks';
import { resultsAnnouncement } from '../state/announce';
import type { Pages } from '../state/useInvoicePages';
import type { Sort } from '../types';

type Props = {
  pages: Pages;
  /** The view on screen: its numbers are read once `pages` holds its first answer. */
  viewKey: string;
  sort: Sort | null;
};

/**
 * A polite live region that reads the result count and the order once a filter or sort
 * change has been answered. Not at start (the screen says it), nor for rows arriving in a
 * running batch or for a scroll (those would talk over the user every second).
 */
export function ResultsAnnouncer({ pages, viewKey, sort }: Props) {
  const [said, setSaid] = useState({ text: '', count: 0 });
  const announced = useRef<string | null>(null);

  useEffect(() => {
    if (pages.pending || pages.error || pages.key !== viewKey || announced.current === viewKey)
      return;
    const first = announced.current === null;
    announced.current = viewKey;
    if (!first)
      setSaid((old) => ({
        text: resultsAnnouncement(pages.matched, pages.loaded, sort),
        count: old.count + 1,
      }));
  }, [pages, viewKey, sort]);

  return (
    <p class="visually-hidden" role="status" aria-atomic="true" data-testid="results-announcement">
      {/* A new node each time, so the same sentence after another change is read again. */}
      <span key={said.count}>{said.text}</span>
    </p>
  );
}
