import { exponentOf, formatMoney } from '../format/money';
import type { AgingBucket, CurrencySummary } from '../types';

const BUCKETS: Record<AgingBucket, string> = {
  current: 'Not yet due',
  days1To30: '1–30 days',
  days31To60: '31–60 days',
  days61To90: '61–90 days',
  over90: 'Over 90 days',
};

type Props = { byCurrency: readonly CurrencySummary[]; currencies: Record<string, number> };

/** Per-currency totals and aging of everything matched (never summed across currencies). */
export function Summary({ byCurrency, currencies }: Props) {
  const money = (minor: number, currency: string | null) => formatMoney(minor, currency, exponentOf(currencies, currency));
  return (
    <div class="summary">
      <section class="totals" data-testid="totals" aria-label="Totals by currency">
        {byCurrency.map((group) => (
          <div class="total-card" key={group.currency ?? '-'} data-currency={group.currency ?? ''}>
            <p class="total-currency">{group.currency ?? 'No currency'}</p>
            <p class="total-amount">{money(group.total.minor, group.currency)}</p>
            <p class="muted">
              {group.count} invoices · outstanding {money(group.amountRemaining.minor, group.currency)}
            </p>
          </div>
        ))}
      </section>
      <section class="aging" data-testid="aging" aria-label="Outstanding by age">
        <table>
          <caption class="visually-hidden">Outstanding amounts by days past due</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              {Object.values(BUCKETS).map((label) => (
                <th scope="col" key={label}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {byCurrency.map((group) => (
              <tr key={group.currency ?? '-'}>
                <th scope="row">{group.currency ?? '—'}</th>
                {(Object.keys(BUCKETS) as AgingBucket[]).map((bucket) => {
                  const sum = group.aging.find((entry) => entry.bucket === bucket);
                  return (
                    <td key={bucket} class={`numeric${bucket !== 'current' && sum && sum.count > 0 ? ' aging-late' : ''}`}>
                      {sum && sum.count > 0 ? `${money(sum.minor, group.currency)} (${sum.count})` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
