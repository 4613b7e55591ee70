/**
 * The charts above the invoice table: per currency (never one axis across currencies), the
 * outstanding amount by due month (stacked: not yet due, overdue) and by age. Drawn as SVG by
 * hand from the page's sums (`InvoicePage.dueMonths`, `byCurrency[].aging`): a few dozen
 * elements per chart, no per-row work. Overdue is hatched as well as coloured, with a legend.
 *
 * Each drawing is `role="img"` with a summary; the same numbers are in a table (visually
 * hidden, shown with "Show as table"). The columns and bars are HTML buttons laid over the
 * drawing (a grid of equal cells matching its columns or rows), so they take the focus, Enter
 * and Space, and keep an accessible name, without anything interactive inside the image.
 *
 * The age bars are the connection's aging buckets as Rust sends them (order and labels). A
 * month applies that month as the due-date filter. An overdue bucket's bar applies its days
 * overdue as a filter (its first and last day; the last bucket has no last day); Current's
 * bar clears "overdue only" and any days-overdue range, to show every invoice again.
 */
import { useState } from 'preact/hooks';
import {
  MONTHS_BACK,
  monthColumnLabel,
  monthDueRange,
  monthLong,
  monthShort,
  niceMax,
  scaled,
  ticks,
} from '../charts/scale';
import { effectiveLocale } from '../format/locale';
import { exponentOf, formatMoney } from '../format/money';
import { daysOverdueText, type ViewAction } from '../state/query';
import type { AgingSum, CurrencyDueMonths, CurrencySummary } from '../types';

type Props = {
  byCurrency: readonly CurrencySummary[];
  dueMonths: readonly CurrencyDueMonths[];
  currencies: Record<string, number>;
  dispatch: (action: ViewAction) => void;
};

export function Charts({ byCurrency, dueMonths, currencies, dispatch }: Props) {
  const codes = [
    ...new Set([
      ...byCurrency.map((group) => group.currency),
      ...dueMonths.map((entry) => entry.currency),
    ]),
  ].filter((code): code is string => code !== null);
  if (codes.length === 0)
    return <p class="muted charts-empty">No amounts in a currency to chart.</p>;
  return (
    <section class="charts" data-testid="charts" aria-label="Charts by currency">
      <ul class="chart-legend" aria-label="Legend">
        <li>
          <svg class="chart-swatch" viewBox="0 0 12 12" aria-hidden="true">
            <rect class="chart-not-due" width="12" height="12" />
          </svg>
          Not yet due
        </li>
        <li>
          <svg class="chart-swatch" viewBox="0 0 12 12" aria-hidden="true">
            <Hatch id="legend-hatch" />
            <rect fill="url(#legend-hatch)" width="12" height="12" />
          </svg>
          Overdue (hatched)
        </li>
      </ul>
      {codes.map((code) => {
        const months = dueMonths.find((entry) => entry.currency === code);
        const summary = byCurrency.find((group) => group.currency === code);
        return (
          <ChartSet
            key={code}
            currency={code}
            exp={exponentOf(currencies, code)}
            months={months}
            summary={summary}
            dispatch={dispatch}
          />
        );
      })}
    </section>
  );
}

type SetProps = {
  currency: string;
  exp: number;
  months: CurrencyDueMonths | undefined;
  summary: CurrencySummary | undefined;
  dispatch: (action: ViewAction) => void;
};

function ChartSet({ currency, exp, months, summary, dispatch }: SetProps) {
  const [tables, setTables] = useState(false);
  return (
    <div class="chart-set" data-currency={currency}>
      <div class="chart-set-head">
        <h3>{currency}</h3>
        <button
          type="button"
          class="link-button"
          data-testid="chart-table-toggle"
          aria-pressed={tables}
          onClick={() => setTables(!tables)}
        >
          Show as table
        </button>
      </div>
      {months && (
        <DueMonthsChart
          currency={currency}
          exp={exp}
          entry={months}
          tables={tables}
          dispatch={dispatch}
        />
      )}
      {summary && (
        <AgingChart
          currency={currency}
          exp={exp}
          summary={summary}
          tables={tables}
          dispatch={dispatch}
        />
      )}
    </div>
  );
}

/** The hatch of overdue amounts: the overdue colour crossed by lines of the panel's colour. */
function Hatch({ id }: { id: string }) {
  return (
    <defs>
      <pattern
        id={id}
        patternUnits="userSpaceOnUse"
        width="6"
        height="6"
        patternTransform="rotate(45)"
      >
        <rect class="chart-overdue" width="6" height="6" />
        <line class="chart-hatch" x1="0" y1="0" x2="0" y2="6" />
      </pattern>
    </defs>
  );
}

const DUE_W = 600;
const DUE_H = 190;
const DUE_TOP = 14;
const DUE_BOTTOM = DUE_H - 22;

type DueProps = {
  currency: string;
  exp: number;
  entry: CurrencyDueMonths;
  tables: boolean;
  dispatch: (action: ViewAction) => void;
};

function DueMonthsChart({ currency, exp, entry, tables, dispatch }: DueProps) {
  const locale = effectiveLocale();
  const money = (minor: number) => formatMoney(minor, currency, exp, locale);
  const { months } = entry;
  const top = niceMax(Math.max(0, ...months.map((month) => month.notYetDue + month.overdue)), exp);
  const column = DUE_W / Math.max(1, months.length);
  const bar = column * 0.6;
  const span = DUE_BOTTOM - DUE_TOP;
  const current = months.length > MONTHS_BACK ? MONTHS_BACK : -1;
  const hatch = `due-hatch-${currency}`;
  const overdue = months.reduce((sum, month) => sum + month.overdue, 0);
  const notYetDue = months.reduce((sum, month) => sum + month.notYetDue, 0);
  const first = months[0]?.month ?? '';
  const last = months.at(-1)?.month ?? '';
  const summary =
    months.length === 0
      ? `${currency} outstanding by due month: nothing to show.`
      : `${currency} outstanding by due month, ${monthLong(first, locale)} to ${monthLong(last, locale)}: ${money(overdue)} overdue, ${money(notYetDue)} not yet due; ${money(entry.earlier)} due earlier, ${money(entry.later)} due later.`;
  const apply = (month: string) => {
    const range = monthDueRange(month);
    if (!range) return;
    dispatch({ type: 'dueFrom', day: range.from });
    dispatch({ type: 'dueTo', day: range.to });
  };
  return (
    <figure class="chart" data-testid="chart-due-months" data-currency={currency}>
      <figcaption>By due month</figcaption>
      <div class="chart-plot">
        <svg viewBox={`0 0 ${DUE_W} ${DUE_H}`} role="img" aria-label={summary}>
          <Hatch id={hatch} />
          {current >= 0 && (
            <rect class="chart-current" x={current * column} y={0} width={column} height={DUE_H} />
          )}
          {ticks(top).map((tick) => {
            const y = DUE_BOTTOM - scaled(tick, top, span);
            return (
              <g key={tick}>
                <line class="chart-grid" x1={0} x2={DUE_W} y1={y} y2={y} />
                {tick > 0 && (
                  <text class="chart-axis" x={2} y={y + 11}>
                    {money(tick)}
                  </text>
                )}
              </g>
            );
          })}
          {months.map((month, at) => {
            const x = at * column + (column - bar) / 2;
            const low = scaled(month.notYetDue, top, span);
            const high = scaled(month.notYetDue + month.overdue, top, span);
            return (
              <g key={month.month}>
                {low > 0 && (
                  <rect class="chart-not-due" x={x} y={DUE_BOTTOM - low} width={bar} height={low} />
                )}
                {high - low > 0 && (
                  <rect
                    fill={`url(#${hatch})`}
                    class="chart-overdue-bar"
                    x={x}
                    y={DUE_BOTTOM - high}
                    width={bar}
                    height={high - low}
                  />
                )}
                <text
                  class={`chart-label${at === current ? ' chart-label-current' : ''}`}
                  x={at * column + column / 2}
                  y={DUE_H - 6}
                  text-anchor="middle"
                >
                  {monthShort(month.month, locale)}
                </text>
              </g>
            );
          })}
        </svg>
        <div class="chart-hits chart-hits-columns" data-count={months.length}>
          {months.map((month, at) => (
            <button
              type="button"
              key={month.month}
              class="chart-hit"
              data-testid="chart-month"
              data-month={month.month}
              aria-current={at === current ? 'date' : undefined}
              aria-label={`${monthColumnLabel(month.month, month.overdue, month.notYetDue, currency, exp, locale)}${at === current ? ' (this month)' : ''}. Show invoices due this month.`}
              onClick={() => apply(month.month)}
            />
          ))}
        </div>
      </div>
      <table
        class={tables ? 'chart-table' : 'chart-table visually-hidden'}
        data-testid="chart-due-months-table"
      >
        <caption>{currency} outstanding by due month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Not yet due</th>
            <th scope="col">Overdue</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Earlier</th>
            <td class="numeric" colSpan={2}>
              {money(entry.earlier)}
            </td>
          </tr>
          {months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{monthLong(month.month, locale)}</th>
              <td class="numeric">{money(month.notYetDue)}</td>
              <td class="numeric">{money(month.overdue)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Later</th>
            <td class="numeric" colSpan={2}>
              {money(entry.later)}
            </td>
          </tr>
        </tbody>
      </table>
    </figure>
  );
}

/** An age bar's filter: an overdue bucket's days overdue, or for Current every invoice again. */
function applyBucket(entry: AgingSum, dispatch: (action: ViewAction) => void) {
  if (entry.fromDays === null) {
    dispatch({ type: 'overdueOnly', on: false });
    dispatch({ type: 'daysOverdue', min: null, max: null });
  } else {
    dispatch({ type: 'daysOverdue', min: entry.fromDays, max: entry.toDays });
  }
}

const AGE_W = 600;
const ROW_H = 36;
const LABEL_W = 110;
const VALUE_W = 170;

type AgingProps = {
  currency: string;
  exp: number;
  summary: CurrencySummary;
  tables: boolean;
  dispatch: (action: ViewAction) => void;
};

function AgingChart({ currency, exp, summary, tables, dispatch }: AgingProps) {
  const locale = effectiveLocale();
  const money = (minor: number) => formatMoney(minor, currency, exp, locale);
  const buckets = summary.aging;
  const top = niceMax(Math.max(0, ...buckets.map((entry) => entry.minor)), exp);
  const height = buckets.length * ROW_H;
  const span = AGE_W - LABEL_W - VALUE_W;
  const hatch = `aging-hatch-${currency}`;
  const text = buckets.map((entry) => `${entry.label} ${money(entry.minor)}`).join(', ');
  return (
    <figure class="chart" data-testid="chart-aging" data-currency={currency}>
      <figcaption>By age</figcaption>
      <div class="chart-plot">
        <svg
          viewBox={`0 0 ${AGE_W} ${height}`}
          role="img"
          aria-label={`${currency} outstanding by age: ${text}.`}
        >
          <Hatch id={hatch} />
          {buckets.map((entry, at) => {
            const width = scaled(entry.minor, top, span);
            const y = at * ROW_H;
            return (
              <g key={entry.bucket}>
                <text class="chart-label" x={4} y={y + 22}>
                  {entry.label}
                </text>
                {width > 0 && (
                  <rect
                    class={entry.bucket === 'current' ? 'chart-not-due' : 'chart-overdue-bar'}
                    fill={entry.bucket === 'current' ? undefined : `url(#${hatch})`}
                    x={LABEL_W}
                    y={y + 8}
                    width={width}
                    height={ROW_H - 16}
                  />
                )}
                <text class="chart-label" x={AGE_W - 4} y={y + 22} text-anchor="end">
                  {entry.count > 0 ? `${money(entry.minor)} (${entry.count})` : '—'}
                </text>
              </g>
            );
          })}
        </svg>
        <div class="chart-hits chart-hits-rows" data-count={buckets.length}>
          {buckets.map((entry) => (
            <button
              type="button"
              key={entry.bucket}
              class="chart-hit"
              data-testid="chart-bucket"
              data-bucket={entry.bucket}
              aria-label={`${entry.label}: ${money(entry.minor)} in ${entry.count} ${entry.count === 1 ? 'invoice' : 'invoices'}. ${
                entry.fromDays === null
                  ? 'Show all invoices, not only overdue ones.'
                  : `Show invoices ${daysOverdueText(entry.fromDays, entry.toDays)}.`
              }`}
              onClick={() => applyBucket(entry, dispatch)}
            />
          ))}
        </div>
      </div>
      <table
        class={tables ? 'chart-table' : 'chart-table visually-hidden'}
        data-testid="chart-aging-table"
      >
        <caption>{currency} outstanding by age</caption>
        <thead>
          <tr>
            <th scope="col">Age</th>
            <th scope="col">Amount</th>
            <th scope="col">Invoices</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((entry) => (
            <tr key={entry.bucket}>
              <th scope="row">{entry.label}</th>
              <td class="numeric">{money(entry.minor)}</td>
              <td class="numeric">{entry.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
