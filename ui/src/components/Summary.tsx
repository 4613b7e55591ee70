import { formatInstant, localDayStart } from '../format/dates';
import { exponentOf, formatMoney } from '../format/money';
import type { ViewAction } from '../state/query';
import type { CurrencyDueMonths, CurrencySummary } from '../types';
import { Charts } from './Charts';

type Props = {
  byCurrency: readonly CurrencySummary[];
  dueMonths: readonly CurrencyDueMonths[];
  currencies: Record<string, number>;
  /** The "as of" day ("YYYY-MM-DD"), `null` = now. */
  asOf: string | null;
  dispatch: (action: ViewAction) => void;
  /** Charts instead of the totals cards (kept by the parent: it outlives a reload of the sums). */
  charts: boolean;
  onChartsChange: (charts: boolean) => void;
};

/**
 * Per-currency totals and aging of everything matched (never summed across currencies), the
 * "as of" day they are computed at, and the switch between the totals cards and the charts
 * (remembered only while the window is open). The aging columns are the connection's buckets
 * as Rust sends them, labels included: every currency has the same ones, so the first names
 * the columns.
 */
export function Summary({
  byCurrency,
  dueMonths,
  currencies,
  asOf,
  dispatch,
  charts,
  onChartsChange,
}: Props) {
  const money = (minor: number, currency: string | null) =>
    formatMoney(minor, currency, exponentOf(currencies, currency));
  const columns = byCurrency[0]?.aging ?? [];
  const asOfText = asOf ? (formatInstant(localDayStart(asOf) ?? '') ?? asOf) : null;
  return (
    <div class="summary">
      <div class="summary-bar">
        <label class="as-of">
          As of
          <input
            type="date"
            data-testid="as-of-input"
            value={asOf ?? ''}
            onChange={(e) => dispatch({ type: 'asOf', day: e.currentTarget.value || null })}
          />
        </label>
        {asOf && (
          <button
            type="button"
            data-testid="as-of-clear"
            aria-label="As of today"
            onClick={() => dispatch({ type: 'asOf', day: null })}
          >
            Today
          </button>
        )}
        <span class="header-spacer" />
        <button
          type="button"
          class="charts-toggle"
          data-testid="charts-toggle"
          aria-pressed={charts}
          onClick={() => onChartsChange(!charts)}
        >
          Charts
        </button>
      </div>
      {asOfText && (
        <p class="as-of-note" data-testid="as-of-note">
          As of the end of {asOfText}: overdue and aging are computed then; invoices created later
          are left out.
        </p>
      )}
      {charts && byCurrency.length === 0 && (
        <p class="muted charts-empty">No outstanding amounts to chart.</p>
      )}
      {byCurrency.length > 0 && (
        <>
          {charts ? (
            <Charts
              byCurrency={byCurrency}
              dueMonths={dueMonths}
              currencies={currencies}
              dispatch={dispatch}
            />
          ) : (
            <section class="totals" data-testid="totals" aria-label="Totals by currency">
              {byCurrency.map((group) => (
                <div
                  class="total-card"
                  key={group.currency ?? '-'}
                  data-currency={group.currency ?? ''}
                >
                  <p class="total-currency">{group.currency ?? 'No currency'}</p>
                  <p class="total-amount">{money(group.total.minor, group.currency)}</p>
                  <p class="muted">
                    {group.count} invoices · outstanding{' '}
                    {money(group.amountRemaining.minor, group.currency)}
                  </p>
                </div>
              ))}
            </section>
          )}
          <section class="aging" data-testid="aging" aria-label="Outstanding by age">
            <table>
              <caption class="visually-hidden">
                Outstanding amounts by days past due
                {asOfText ? `, as of the end of ${asOfText}` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  {columns.map((sum) => (
                    <th scope="col" key={sum.bucket}>
                      {sum.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {byCurrency.map((group) => (
                  <tr key={group.currency ?? '-'}>
                    <th scope="row">{group.currency ?? '—'}</th>
                    {group.aging.map((sum) => (
                      <td
                        key={sum.bucket}
                        class={`numeric${sum.bucket !== 'current' && sum.count > 0 ? ' aging-late' : ''}`}
                      >
                        {sum.count > 0 ? `${money(sum.minor, group.currency)} (${sum.count})` : '—'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
