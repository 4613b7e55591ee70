/**
 * What can be done with one invoice row: open its hosted page or PDF in the browser, open the
 * archived copy of its PDF, copy its link, save its PDF into the archive. Whether an action is available follows from the row alone, so the
 * row's buttons and the grid's keys (`rowActionFor` in shortcuts.ts) agree.
 */
import type { InvoiceRow } from '../types';

export type RowAction = 'openHosted' | 'openPdf' | 'openArchived' | 'copyLink' | 'downloadPdf';

/** In the order of the row's buttons (and of their cells in the grid). */
export const ROW_ACTIONS: readonly RowAction[] = [
  'openHosted',
  'openPdf',
  'openArchived',
  'copyLink',
  'downloadPdf',
];

/**
 * Whether `action` can run for `row`. Every action needs the invoice's ID (Rust looks the
 * link up by it); opening a PDF also works from the local archive when the link is gone, and
 * the archived copy itself opens only once the PDF is in the archive.
 */
export function rowActionEnabled(row: InvoiceRow, action: RowAction): boolean {
  if (row.invoice.id === null) return false;
  switch (action) {
    case 'openHosted':
    case 'copyLink':
      return row.hasHosted;
    case 'openPdf':
      return row.hasPdf || row.archived;
    case 'openArchived':
      return row.archived;
    case 'downloadPdf':
      return row.hasPdf;
  }
}
