import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { changesView, exportHistory, toUserError, type UserError } from '../ipc';
import {
  ariaSort,
  changeLines,
  currencyRow,
  EMPTY,
  exportLabel,
  INITIAL_CHANGES_FILTER,
  KIND_LABELS,
  kindCounts,
  notComparedText,
  sinceText,
  toggleSort,
  truncatedText,
} from '../state/changes';
import { orgName } from '../state/orgs';
import { toInvoiceQuery, viewKey, type ViewState } from '../state/query';
import type {
  ChangeKind,
  ChangesFilter,
  ChangesSort,
  ChangesView,
  ExportEntry,
  OrgStatus,
} from '../types';
import { ChangesExportMenu } from './ChangesExportMenu';
import { ErrorBanner } from './ErrorBanner';

/** How long typing in the search waits before asking Rust. */
const SEARCH_DEBOUNCE_MS = 150;

/**
 * What the Changes tab compares with and how it filters, kept by the window so that they
 * outlive a switch to another tab, and so the history's "Changes since" can set the export.
 */
export type ChangesState = {
  /** The export compared with; `null` = the newest export of the view (else the newest). */
  number: number | null;
  setNumber: (number: number | null) => void;
  filter: ChangesFilter;
  setFilter: (filter: ChangesFilter) => void;
};

export function useChangesState(): ChangesState {
  const [number, setNumber] = useState<number | null>(null);
  const [filter, setFilter] = useState<ChangesFilter>(INITIAL_CHANGES_FILTER);
  return { number, setNumber, filter, setFilter };
}

type Props = {
  state: ChangesState;
  /** The invoice view (organization and filters): the default export is the newest of the same view. */
  view: ViewState;
  /** Organizations, for their names. */
  orgs: readonly OrgStatus[];
  /** Grows when the data Rust holds changed; the tab asks again once no fetch runs. */
  dataVersion: number;
  fetching: boolean;
  connection: string | null;
  onOpenConnections: () => void;
};

type Load =
  | { state: 'loading' }
  | { state: 'ready'; view: ChangesView | null }
  | { state: 'failed'; error: UserError };

const SORT_COLUMNS: readonly { column: ChangesSort; label: string }[] = [
  { column: 'kind', label: 'Category' },
  { column: 'org', label: 'Organization' },
  { column: 'number', label: 'Invoice' },
  { column: 'currency', label: 'Currency' },
];

/**
 * What changed since an export, in the data loaded now: the categories with their counts,
 * outstanding and paid per currency then and now, and the changed invoices. Rust compares,
 * filters and sorts (`changes_view`); this sends the filter and shows what comes back, and
 * drops an answer that a newer request has overtaken.
 */
export function ChangesTab({
  state,
  view,
  orgs,
  dataVersion,
  fetching,
  connection,
  onOpenConnections,
}: Props) {
  const { number, setNumber, filter, setFilter } = state;
  const key = viewKey(view);
  const query = useMemo(() => toInvoiceQuery(view), [key]);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [busy, setBusy] = useState(false);
  const [exports, setExports] = useState<ExportEntry[] | null>(null);
  const requests = useRef(0);

  // During a fetch the rows change as organizations arrive: ask again once it is over.
  const settled = useRef(dataVersion);
  if (!fetching) settled.current = dataVersion;
  const version = settled.current;

  const fetch = useCallback(() => {
    const request = ++requests.current;
    setBusy(true);
    // A first answer (or after a failure) shows the loading line; later ones keep the table
    // (and the focus in the search) until the new answer replaces it.
    setLoad((current) => (current.state === 'ready' ? current : { state: 'loading' }));
    changesView(number, query, filter).then(
      (answer) => {
        if (request !== requests.current) return;
        setLoad({ state: 'ready', view: answer });
        setBusy(false);
      },
      (raw: unknown) => {
        if (request !== requests.current) return;
        setLoad({ state: 'failed', error: toUserError(raw) });
        setBusy(false);
      },
    );
  }, [number, query, filter]);

  useEffect(fetch, [fetch, version]);
  // An answer arriving after the tab closed is dropped.
  useEffect(() => () => void requests.current++, []);

  useEffect(() => {
    let current = true;
    exportHistory().then(
      (entries) => current && setExports(entries),
      () => current && setExports(null),
    );
    return () => {
      current = false;
    };
  }, [version]);

  const names = useMemo(() => new Map(orgs.map((org) => [org.orgId, orgName(org)])), [orgs]);
  const nameOf = (orgId: string) => names.get(orgId) ?? orgId;

  if (load.state === 'loading') {
    return (
      <p class="muted changes-loading" data-testid="changes-loading" role="status">
        Comparing with the export…
      </p>
    );
  }
  if (load.state === 'failed')
    return (
      <ErrorBanner
        error={load.error}
        onRetry={fetch}
        connection={connection}
        onOpenConnections={onOpenConnections}
      />
    );
  const shown = load.view;
  if (shown === null) {
    return (
      <p class="empty-state" data-testid="changes-none">
        Nothing has been exported from here yet. Export a view; what changes after that shows here.
      </p>
    );
  }

  return (
    <div class="changes" aria-busy={busy}>
      <div class="changes-head">
        <h2 class="changes-since" data-testid="changes-since">
          {sinceText(shown)}
        </h2>
        <ExportPicker shown={shown} exports={exports} onPick={setNumber} />
      </div>
      {shown.notCompared.length > 0 && (
        <div class="banner banner-warning" role="status" data-testid="changes-not-compared">
          <p>{notComparedText(shown.notCompared.map(nameOf))}</p>
        </div>
      )}
      {shown.total === 0 ? (
        <p class="empty-state" data-testid="changes-nothing">
          Nothing changed since export {shown.since.export}.
        </p>
      ) : (
        <KindButtons
          shown={shown}
          kind={filter.kind}
          onKind={(kind) => setFilter({ ...filter, kind })}
        />
      )}
      {shown.byCurrency.length > 0 && <CurrencyTable shown={shown} />}
      {shown.total > 0 && (
        <>
          <SearchBox text={filter.text} onText={(text) => setFilter({ ...filter, text })} />
          {shown.matched === 0 ? (
            <p class="empty-state" data-testid="changes-no-match">
              No change matches this filter.
            </p>
          ) : (
            <ChangeTable
              shown={shown}
              filter={filter}
              onSort={(column) => setFilter(toggleSort(filter, column))}
              nameOf={nameOf}
            />
          )}
        </>
      )}
      <div class="changes-footer">
        {shown.matched > shown.rows.length && (
          <p class="muted" data-testid="changes-truncated">
            {truncatedText(shown.rows.length, shown.matched)}
          </p>
        )}
        <ChangesExportMenu number={shown.since.export} />
      </div>
    </div>
  );
}

/** "Compare with": the exports whose snapshot is kept, the one shown selected. */
function ExportPicker({
  shown,
  exports,
  onPick,
}: {
  shown: ChangesView;
  exports: readonly ExportEntry[] | null;
  onPick: (number: number) => void;
}) {
  const choices = (exports ?? []).filter((entry) => entry.hasSnapshot);
  const current = shown.since.export;
  return (
    <label class="changes-picker">
      Compare with
      <select
        data-testid="changes-export-select"
        value={String(current)}
        onChange={(event) => onPick(Number(event.currentTarget.value))}
      >
        {!choices.some((entry) => entry.number === current) && (
          <option value={String(current)}>{`Export ${current}`}</option>
        )}
        {choices.map((entry) => (
          <option key={entry.number} value={String(entry.number)}>
            {exportLabel(entry)}
          </option>
        ))}
      </select>
    </label>
  );
}

function CurrencyTable({ shown }: { shown: ChangesView }) {
  return (
    <table class="data-table changes-currency" data-testid="changes-currency">
      <caption class="visually-hidden">
        Outstanding and paid per currency, at the export and now
      </caption>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          <th scope="col" class="numeric">
            Outstanding then
          </th>
          <th scope="col" class="numeric">
            Outstanding now
          </th>
          <th scope="col" class="numeric">
            Change<span class="visually-hidden"> in outstanding</span>
          </th>
          <th scope="col" class="numeric">
            Paid then
          </th>
          <th scope="col" class="numeric">
            Paid now
          </th>
          <th scope="col" class="numeric">
            Change<span class="visually-hidden"> in paid</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shown.byCurrency.map((delta) => {
          const cells = currencyRow(delta, shown.currencies);
          return (
            <tr key={delta.currency ?? ''} data-currency={delta.currency ?? ''}>
              <th scope="row">{cells.currency}</th>
              <td class="numeric">{cells.outstandingBefore}</td>
              <td class="numeric">{cells.outstandingAfter}</td>
              <td class="numeric" data-testid="changes-outstanding-change">
                {cells.outstandingChange}
              </td>
              <td class="numeric">{cells.paidBefore}</td>
              <td class="numeric">{cells.paidAfter}</td>
              <td class="numeric" data-testid="changes-paid-change">
                {cells.paidChange}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function KindButtons({
  shown,
  kind,
  onKind,
}: {
  shown: ChangesView;
  kind: ChangeKind | null;
  onKind: (kind: ChangeKind | null) => void;
}) {
  return (
    <div class="changes-kinds" role="group" aria-label="Categories">
      <button
        type="button"
        class="chip chip-toggle"
        data-testid="changes-kind-all"
        aria-pressed={kind === null}
        onClick={() => onKind(null)}
      >
        {`All · ${shown.total}`}
      </button>
      {kindCounts(shown.counts, kind).map((entry) => (
        <button
          key={entry.kind}
          type="button"
          class={`chip chip-toggle change-kind-${entry.kind}`}
          data-testid={`changes-kind-${entry.kind}`}
          aria-pressed={kind === entry.kind}
          onClick={() => onKind(entry.kind)}
        >
          {`${KIND_LABELS[entry.kind]} · ${entry.count}`}
        </button>
      ))}
    </div>
  );
}

/** The search, sent once typing pauses. */
function SearchBox({ text, onText }: { text: string; onText: (text: string) => void }) {
  const [typed, setTyped] = useState(text);
  const latest = useRef(onText);
  latest.current = onText;
  useEffect(() => {
    if (typed === text) return;
    const timer = setTimeout(() => latest.current(typed), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed, text]);
  return (
    <label class="changes-search">
      Search changes
      <input
        type="search"
        data-testid="changes-search"
        placeholder="Organization, invoice number or ID"
        value={typed}
        onInput={(event) => setTyped(event.currentTarget.value)}
      />
    </label>
  );
}

type TableProps = {
  shown: ChangesView;
  filter: ChangesFilter;
  onSort: (column: ChangesSort) => void;
  nameOf: (orgId: string) => string;
};

function ChangeTable({ shown, filter, onSort, nameOf }: TableProps) {
  return (
    <div class="changes-scroll">
      <table class="data-table changes-table" data-testid="changes-table">
        <caption class="visually-hidden">Changed invoices</caption>
        <thead>
          <tr>
            {SORT_COLUMNS.map(({ column, label }) => {
              const sort = ariaSort(filter, column);
              return (
                <th key={column} scope="col" aria-sort={sort}>
                  <button
                    type="button"
                    class="sort-button"
                    data-testid={`changes-sort-${column}`}
                    title={`Sort by ${label}`}
                    onClick={() => onSort(column)}
                  >
                    {label}
                    <span aria-hidden="true" class="sort-arrow">
                      {sort === 'ascending' ? ' ▲' : sort === 'descending' ? ' ▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {shown.rows.map((row) => (
            <tr
              key={`${row.org}/${row.id}`}
              data-testid="change-row"
              data-kind={row.kind}
              data-id={row.id}
            >
              <td>
                <span class={`change-kind change-kind-${row.kind}`}>{KIND_LABELS[row.kind]}</span>
              </td>
              <td>{nameOf(row.org)}</td>
              <td>
                {row.number ?? EMPTY}
                <span class="mono muted change-id">{row.id}</span>
              </td>
              <td>{row.currency ?? EMPTY}</td>
              <td>
                <ul class="change-fields">
                  {changeLines(row, shown.currencies).map((line, index) => (
                    <li key={index}>{line}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
