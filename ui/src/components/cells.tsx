/**
 * One cell of the invoice table per column. Every API value is rendered as a text child
 * (Preact escapes it), never as HTML.
 */
import { exponentOf, formatMoney } from '../format/money';
import { showTimestamp } from '../format/dates';
import type { ColumnId } from '../state/columns';
import type { InvoiceRow, Timestamp } from '../types';

export function Cell({
  column,
  row,
  currencies,
}: {
  column: ColumnId;
  row: InvoiceRow;
  currencies: Record<string, number>;
}) {
  const { invoice } = row;
  switch (column) {
    case 'number':
      return <Text value={invoice.number} />;
    case 'id':
      return <Text value={invoice.id} mono />;
    case 'status':
      return <Status row={row} />;
    case 'currency':
      return <Text value={invoice.currency} />;
    case 'total':
      return <Money minor={invoice.total} row={row} currencies={currencies} />;
    case 'amountDue':
      return <Money minor={invoice.amountDue} row={row} currencies={currencies} />;
    case 'amountPaid':
      return <Money minor={invoice.amountPaid} row={row} currencies={currencies} />;
    case 'amountRemaining':
      return <Money minor={invoice.amountRemaining} row={row} currencies={currencies} />;
    case 'createdAt':
      return <DateCell value={invoice.createdAt} />;
    case 'dueAt':
      return <DateCell value={invoice.dueAt} />;
    case 'periodStart':
      return <DateCell value={invoice.periodStart} />;
    case 'periodEnd':
      return <DateCell value={invoice.periodEnd} />;
    case 'daysOverdue':
      return <Text value={row.daysOverdue === null ? null : String(row.daysOverdue)} />;
  }
}

function Text({ value, mono = false }: { value: string | null; mono?: boolean }) {
  if (value === null || value === '') return <Missing />;
  return (
    <span class={mono ? 'mono' : undefined} title={value}>
      {value}
    </span>
  );
}

function Money({
  minor,
  row,
  currencies,
}: {
  minor: number | null;
  row: InvoiceRow;
  currencies: Record<string, number>;
}) {
  if (minor === null) return <Missing />;
  const currency = row.invoice.currency;
  return (
    <span class={minor < 0 ? 'negative' : undefined}>
      {formatMoney(minor, currency, exponentOf(currencies, currency))}
    </span>
  );
}

function DateCell({ value }: { value: Timestamp | null }) {
  const shown = showTimestamp(value);
  if (shown.text === '') return <Missing />;
  if (shown.invalid) {
    return (
      <span class="date-invalid" title={shown.title}>
        <span aria-hidden="true">⚠ </span>
        {shown.text}
        <span class="visually-hidden"> (not a valid date)</span>
      </span>
    );
  }
  return (
    <time dateTime={value?.kind === 'valid' ? value.value : undefined} title={shown.title}>
      {shown.text}
    </time>
  );
}

const KNOWN_STATUSES = new Set(['draft', 'open', 'paid', 'uncollectible', 'void']);

/** "Overdue · 3 days" for an overdue row, else `null`: the words the Status cell shows. */
export function overdueWords(row: InvoiceRow): string | null {
  return row.overdue
    ? `Overdue · ${row.daysOverdue ?? '?'} ${row.daysOverdue === 1 ? 'day' : 'days'}`
    : null;
}

function Status({ row }: { row: InvoiceRow }) {
  const status = row.invoice.status;
  const known = status !== null && KNOWN_STATUSES.has(status);
  const overdue = overdueWords(row);
  // A narrow column cuts the overdue words: the title keeps the whole.
  const title = [status ?? 'No status', overdue].filter((part) => part !== null).join(' · ');
  return (
    <span class="status-cell" title={title}>
      {status === null ? (
        <Missing />
      ) : (
        <span class={`chip chip-${known ? status : 'unknown'}`}>{status}</span>
      )}
      {overdue && (
        // Text, not just colour: the row's tint is not the only sign.
        <span class="overdue-text">{overdue}</span>
      )}
    </span>
  );
}

/**
 * An empty value: a dash on screen and the word "none" for a screen reader (an `aria-label`
 * on a plain span is not read by every screen reader).
 */
function Missing() {
  return (
    <span class="missing">
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">none</span>
    </span>
  );
}
