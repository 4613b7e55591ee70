import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { copyWhenReady } from '../clipboard';
import type { Ref } from 'preact';
import {
  invoiceLink,
  invoiceOpen,
  pdfDownloadInvoice,
  rowIndex,
  toUserError,
  UserError,
} from '../ipc';
import { visibleColumns } from '../state/columns';
import type { CsvDialect } from '../state/csvDialect';
import { hasFilters, toInvoiceQuery, type ViewAction, type ViewState } from '../state/query';
import { useInvoicePages } from '../state/useInvoicePages';
import type { ColumnPref, ExportFormat, InvoiceRow } from '../types';
import { ColumnChooser } from './ColumnChooser';
import { ErrorBanner } from './ErrorBanner';
import { ExportMenu } from './ExportMenu';
import { Filters } from './Filters';
import { InvoiceTable, type RowActions } from './InvoiceTable';
import { ResultsAnnouncer } from './ResultsAnnouncer';
import { Summary } from './Summary';

type Props = {
  view: ViewState;
  dispatch: (action: ViewAction) => void;
  dataVersion: number;
  /** Organizations are being fetched: an empty table means "not yet", not "none". */
  fetching: boolean;
  columns: readonly ColumnPref[];
  onColumnsChange: (next: ColumnPref[]) => void;
  connection: string | null;
  /** For the error banners of a token or connection problem. */
  onOpenConnections: () => void;
  demo: boolean;
  searchRef: Ref<HTMLInputElement>;
  exportOpen: boolean;
  onExportOpen: (open: boolean) => void;
  /** Starts an export of `query` (Desk shows its question, progress and outcome). */
  onExport: (
    query: ReturnType<typeof toInvoiceQuery>,
    format: ExportFormat,
    manifest: boolean,
  ) => void;
  exporting: boolean;
  onDownloadPdfs: (query: ReturnType<typeof toInvoiceQuery>) => void;
  pdfsRunning: boolean;
  /** Opens the archive folder in the file manager (Desk shows its path or its failure). */
  onOpenArchiveFolder: () => void;
  /** The saved CSV layout, shown and chosen in the export menu. */
  csvDialect: CsvDialect;
  /** Saves a CSV layout chosen in the export menu. */
  onCsvDialectChange: (dialect: CsvDialect) => void;
  /** A row's PDF went into the archive: the rows say `archived` again once queried anew. */
  onArchived: () => void;
  onNotice: (text: string) => void;
};

type ActionFailure = { error: UserError; retry: () => void };

/** Filters, totals, the virtualized table and its row actions, for the view in `view`. */
export function InvoicesView(props: Props) {
  const {
    view,
    dispatch,
    dataVersion,
    fetching,
    columns,
    connection,
    onOpenConnections,
    onArchived,
    onNotice,
  } = props;
  const { pages, key, showRange, retry } = useInvoicePages(view, dataVersion);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [currencies, setCurrencies] = useState<string[]>([]);
  /** Charts instead of the totals cards above the table; this window's choice only. */
  const [charts, setCharts] = useState(false);

  // The currency menu lists every currency seen for this organization, not only the ones
  // left after filtering (picking JPY must not remove USD from the list).
  useEffect(() => setCurrencies([]), [view.org]);
  useEffect(() => {
    setCurrencies((known) => {
      const next = new Set(known);
      for (const group of pages.byCurrency) if (group.currency) next.add(group.currency);
      if (view.filters.currency) next.add(view.filters.currency);
      return next.size === known.length ? known : [...next].sort();
    });
  }, [pages.byCurrency, view.filters.currency]);

  const exportQuery = useMemo(() => toInvoiceQuery(view), [key]);
  // Kept between renders: the table's rows skip re-rendering while their props are the same.
  const shownColumns = useMemo(() => visibleColumns(columns), [columns]);

  const act = useCallback(
    (run: () => Promise<string>) => {
      const attempt = () => {
        setFailure(null);
        run().then(onNotice, (raw: unknown) =>
          setFailure({ error: toUserError(raw), retry: attempt }),
        );
      };
      attempt();
    },
    [onNotice],
  );

  const actions: RowActions = useMemo(
    () => ({
      openHosted: (row: InvoiceRow) =>
        act(async () => {
          await invoiceOpen(row.org, row.invoice.id ?? '', rowIndex(row), 'hosted');
          return `Opened invoice ${label(row)} in your browser.`;
        }),
      openPdf: (row: InvoiceRow) =>
        act(async () => {
          const outcome = await invoiceOpen(row.org, row.invoice.id ?? '', rowIndex(row), 'pdf');
          return outcome.archived
            ? archivedInsteadText(row, outcome.reason)
            : `Opened the PDF of invoice ${label(row)}.`;
        }),
      openArchived: (row: InvoiceRow) =>
        act(async () => {
          await invoiceOpen(row.org, row.invoice.id ?? '', rowIndex(row), 'archivedPdf');
          return `Opened the archived PDF of invoice ${label(row)}.`;
        }),
      copyLink: (row: InvoiceRow) =>
        act(async () => {
          const link = invoiceLink(row.org, row.invoice.id ?? '', rowIndex(row), 'hosted');
          // Still inside the click (no await yet): see copyWhenReady.
          const copying = copyWhenReady(link);
          // A refused link is reported as itself below, not as a clipboard failure.
          copying.catch(() => undefined);
          await link;
          try {
            await copying;
          } catch (cause) {
            throw new UserError('internal', 'The link could not be copied to the clipboard.', {
              cause,
            });
          }
          return `Link of invoice ${label(row)} copied.`;
        }),
      // Straight into the archive, no folder question: the row's Archived button then opens it.
      downloadPdf: (row: InvoiceRow) =>
        act(async () => {
          const outcome = await pdfDownloadInvoice(row.org, row.invoice.id ?? '', rowIndex(row));
          onArchived();
          return outcome.downloaded === 1
            ? `Saved the PDF of invoice ${label(row)} in the archive.`
            : `The PDF of invoice ${label(row)} is already in the archive.`;
        }),
    }),
    [act, onArchived],
  );

  const showLoading =
    (pages.pending && pages.held === null) || (fetching && pages.loaded === 0 && !pages.error);
  const empty = !showLoading && !pages.pending && !pages.error && pages.matched === 0;

  return (
    <section class="invoices" aria-label="Invoices">
      <Filters
        filters={view.filters}
        dispatch={dispatch}
        currencies={currencies}
        statuses={pages.statuses}
        searchRef={props.searchRef}
      />
      <div class="toolbar">
        {props.demo && <span class="badge badge-demo">Demo</span>}
        <p class="matched">
          <span data-testid="matched-count">{pages.matched}</span> of {pages.loaded} invoices
        </p>
        <ResultsAnnouncer pages={pages} viewKey={key} sort={view.sort} />
        <span class="header-spacer" />
        <ColumnChooser prefs={columns} onChange={props.onColumnsChange} />
        <ExportMenu
          open={props.exportOpen}
          onOpenChange={props.onExportOpen}
          onExport={(format, manifest) => props.onExport(exportQuery, format, manifest)}
          exporting={props.exporting}
          onDownloadPdfs={() => props.onDownloadPdfs(exportQuery)}
          pdfsRunning={props.pdfsRunning}
          onOpenArchiveFolder={props.onOpenArchiveFolder}
          matched={pages.matched}
          csvDialect={props.csvDialect}
          onCsvDialectChange={props.onCsvDialectChange}
        />
      </div>
      {failure && (
        <ErrorBanner
          error={failure.error}
          onRetry={failure.retry}
          connection={connection}
          onOpenConnections={onOpenConnections}
        />
      )}
      {pages.error && (
        <ErrorBanner
          error={pages.error}
          onRetry={retry}
          connection={connection}
          onOpenConnections={onOpenConnections}
        />
      )}
      <Summary
        byCurrency={pages.byCurrency}
        dueMonths={pages.dueMonths}
        currencies={pages.currencies}
        asOf={view.asOf}
        dispatch={dispatch}
        charts={charts}
        onChartsChange={setCharts}
      />
      {showLoading ? (
        <div
          class="skeleton-block"
          data-testid="loading"
          role="progressbar"
          aria-busy="true"
          aria-label="Loading invoices"
        >
          {Array.from({ length: 8 }, (_, index) => (
            <span class="skeleton" key={index} />
          ))}
        </div>
      ) : empty ? (
        <div class="empty-state" data-testid="empty-state">
          {hasFilters(view.filters) ? (
            <>
              <p>No invoices match these filters.</p>
              <button type="button" onClick={() => dispatch({ type: 'clearFilters' })}>
                Clear filters
              </button>
            </>
          ) : (
            <p>
              {view.org === null
                ? 'No invoices loaded yet. Add an organization or refresh.'
                : 'This organization has no invoices.'}
            </p>
          )}
        </div>
      ) : (
        <InvoiceTable
          pages={pages}
          columns={shownColumns}
          showOrg={view.org === null}
          sort={view.sort}
          onSort={(column) => dispatch({ type: 'sort', column })}
          onRange={showRange}
          resetKey={key}
          actions={actions}
        />
      )}
    </section>
  );
}

function label(row: InvoiceRow): string {
  return row.invoice.number ?? row.invoice.id ?? '';
}

/** The notice when the PDF link failed and Rust opened the archived copy instead, with Rust's reason when it gave one. */
function archivedInsteadText(row: InvoiceRow, reason: string | null): string {
  return reason === null
    ? `The PDF link of invoice ${label(row)} no longer works: opened the archived copy.`
    : `The PDF link of invoice ${label(row)} did not work (${reason}): opened the archived copy.`;
}
