import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import {
  archiveFolderOpen,
  prefsSet,
  toUserError,
  viewRemove,
  viewRename,
  viewSave,
  viewsList,
  type UserError,
} from '../ipc';
import { buildCommands, type Tab } from '../palette/commands';
import { mergeColumns } from '../state/columns';
import { csvDialectOf, type CsvDialect } from '../state/csvDialect';
import { failedOrgs, orgName, refusedOrgs, staleSince } from '../state/orgs';
import { useCardCounts } from '../state/useCardCounts';
import { INITIAL_VIEW, toInvoiceQuery, viewReducer } from '../state/query';
import { shortcutFor, type Shortcut } from '../state/shortcuts';
import {
  findView,
  fromInvoiceQuery,
  isModified,
  orgsNote,
  queryToSave,
  viewColumns,
} from '../state/views';
import { exportBusy, useExport } from '../state/useExport';
import { useFetchLifecycle } from '../state/useFetchLifecycle';
import { useFocusAfterRender } from '../state/useFocusAfterRender';
import { usePdfDownload } from '../state/usePdfDownload';
import type { Theme } from '../theme/scheme';
import type {
  AppInfo,
  ColumnPref,
  ExportFormat,
  InvoiceQuery,
  SavedView,
  Settings,
  UiPrefs,
} from '../types';
import { CardAlert } from './CardAlert';
import { ChangesTab, useChangesState } from './ChangesTab';
import { CommandPalette } from './CommandPalette';
import { CrashNotice } from './CrashNotice';
import { ErrorBanner } from './ErrorBanner';
import { ExportHistoryTab } from './ExportHistoryTab';
import { ExportStatus } from './ExportStatus';
import { FetchNotice, FetchStatus } from './FetchStatus';
import { Header } from './Header';
import { InvoicesView } from './InvoicesView';
import { OrgSidebar } from './OrgSidebar';
import { PaymentMethods } from './PaymentMethods';
import { PdfStatus } from './PdfStatus';
import { AppliedView } from './AppliedView';
import { ViewsPanel } from './ViewsPanel';

type Props = {
  info: AppInfo;
  settings: Settings;
  onAddConnection: () => void;
  onUseConnection: (name: string | null) => void;
  /** Opens the Connections screen (header button, and token or connection error banners). */
  onOpenConnections: () => void;
  /** The display preferences changed (Desk saves them): the caller applies the theme and passes the new `settings`. */
  onPrefsChange: (ui: UiPrefs) => void;
  /** Opens the About dialog (header button, palette command). */
  onAbout: () => void;
};

/** The tabs in their order, with the ID of each tab button (the panel is labelled by it). */
const TABS: readonly { tab: Tab; id: string; label: string }[] = [
  { tab: 'invoices', id: 'tab-invoices', label: 'Invoices' },
  { tab: 'paymentMethods', id: 'tab-payment-methods', label: 'Payment methods' },
  { tab: 'changes', id: 'tab-changes', label: 'Changes' },
  { tab: 'history', id: 'tab-history', label: 'Export history' },
];

/** The main window once a connection (or demo data) is active. */
export function Desk({
  info,
  settings,
  onAddConnection,
  onUseConnection,
  onOpenConnections,
  onPrefsChange,
  onAbout,
}: Props) {
  /** Grows whenever the rows Rust holds may have changed: the views query again. */
  const [dataVersion, setDataVersion] = useState(0);
  const dataChanged = useCallback(() => setDataVersion((version) => version + 1), []);
  const [view, dispatch] = useReducer(viewReducer, INITIAL_VIEW);
  const [tab, setTab] = useState<Tab>('invoices');
  const changes = useChangesState();
  const [cardsAttentionOnly, setCardsAttentionOnly] = useState(false);
  const cardCounts = useCardCounts(dataVersion);
  const [exportOpen, setExportOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const savedColumns = useMemo(() => mergeColumns(settings.ui.columns), [settings.ui.columns]);
  /** The saved views of this data source; `null` until Rust answers. */
  const [views, setViews] = useState<SavedView[] | null>(null);
  const [viewsFailure, setViewsFailure] = useState<string | null>(null);
  /** The view applied last, as Rust keeps it; `null` = none (a new Desk, i.e. a connection switch, starts with none). */
  const [applied, setApplied] = useState<SavedView | null>(null);
  /**
   * The columns of the applied view while one is applied: shown, changed by the column
   * chooser, saved into the view by "Update view", never into the general preference. With no
   * view applied the table shows (and the chooser saves) the user's own layout.
   */
  const [viewLayout, setViewLayout] = useState<ColumnPref[] | null>(null);
  const [saveViewOpen, setSaveViewOpen] = useState(false);
  /** Grows with each palette "Save view…": the form's name box takes the focus even if already open. */
  const [saveViewRequest, setSaveViewRequest] = useState(0);
  const columns = viewLayout ?? savedColumns;
  const [prefsFailure, setPrefsFailure] = useState<UserError | null>(null);
  const [archiveFailure, setArchiveFailure] = useState<UserError | null>(null);
  const [notice, setNotice] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const pdf = usePdfDownload();
  const [lastPdfQuery, setLastPdfQuery] = useState<InvoiceQuery | null>(null);
  const {
    orgs,
    setOrgs,
    fetching,
    cancelling,
    progress,
    failure: fetchFailure,
    load,
    fetcher,
    cancel: cancelFetch,
    added: orgsAdded,
  } = useFetchLifecycle({ onDataChanged: dataChanged, onNotice: setNotice });

  const exporter = useExport(fetcher);
  const startExport = useCallback(
    (query: InvoiceQuery, format: ExportFormat, manifest: boolean) =>
      exporter.start({ query, format, manifest }),
    [exporter.start],
  );

  const refresh = useCallback(() => {
    if (fetching) return;
    void load(view.org === null ? null : [view.org], true);
  }, [fetching, load, view.org]);

  // Shortcuts read the latest callbacks through a ref, so the listener is added once.
  const handlers = useRef({ refresh });
  handlers.current = { refresh };
  // The search box takes the focus before the next key event is handled: at once when it is on
  // screen, else once the render that shows the Invoices tab is committed. A key typed right
  // after Ctrl+F must not land where the focus was.
  const focusAfterRender = useFocusAfterRender();
  /** What each shortcut does, for its keys and for the command palette. */
  const runShortcut = useCallback(
    (shortcut: Shortcut) => {
      switch (shortcut) {
        case 'search':
          if (searchRef.current) {
            searchRef.current.focus();
            searchRef.current.select();
          } else {
            focusAfterRender(() => searchRef.current, { select: true });
            setTab('invoices');
          }
          break;
        case 'refresh':
          handlers.current.refresh();
          break;
        case 'export':
          setTab('invoices');
          setExportOpen(true);
          break;
        case 'palette':
          setPaletteOpen(true);
          break;
      }
    },
    [focusAfterRender],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      // Always: Ctrl/Cmd+R would otherwise reload the web view and Ctrl/Cmd+F open find.
      event.preventDefault();
      runShortcut(shortcut);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runShortcut]);

  const loadViews = useCallback(() => {
    setViewsFailure(null);
    viewsList().then(setViews, (raw: unknown) => setViewsFailure(toUserError(raw).message));
  }, []);
  useEffect(loadViews, [loadViews]);

  const applyView = useCallback((saved: SavedView) => {
    dispatch({ type: 'replace', view: fromInvoiceQuery(saved.query) });
    setViewLayout(viewColumns(saved));
    setApplied(saved);
    setTab('invoices');
  }, []);

  /** Back to no view: the filters, sort and organization stay; the columns are the user's own again. */
  const clearView = useCallback(() => {
    setApplied(null);
    setViewLayout(null);
  }, []);

  /** Saves what is on screen as `name` (Rust replaces a view of that name) and applies it. */
  const saveView = useCallback(
    async (name: string) => {
      const list = await viewSave({
        name,
        query: queryToSave(view, applied),
        columns: [...columns],
      });
      setViews(list);
      const saved = findView(list, name);
      if (saved) {
        setApplied(saved);
        setViewLayout([...columns]);
      }
    },
    [view, applied, columns],
  );

  const renameView = useCallback(async (from: string, to: string) => {
    const list = await viewRename(from, to);
    setViews(list);
    setApplied((current) =>
      current && current.name.toLowerCase() === from.toLowerCase()
        ? (findView(list, to) ?? null)
        : current,
    );
  }, []);

  const removeView = useCallback(
    async (name: string) => {
      const list = await viewRemove(name);
      setViews(list);
      if (applied && applied.name.toLowerCase() === name.toLowerCase()) clearView();
    },
    [applied, clearView],
  );

  const viewModified = applied !== null && isModified(applied, view, columns);
  const [updateFailure, setUpdateFailure] = useState<string | null>(null);
  const updateView = useCallback(() => {
    if (!applied) return;
    setUpdateFailure(null);
    saveView(applied.name).then(
      () => setNotice(`Updated the view ${applied.name}.`),
      (raw: unknown) => setUpdateFailure(toUserError(raw).message),
    );
  }, [applied, saveView]);
  useEffect(() => setUpdateFailure(null), [applied]);

  const openSaveView = useCallback(() => {
    setSaveViewOpen(true);
    setSaveViewRequest((count) => count + 1);
  }, []);

  const savePrefs = useCallback(
    (ui: UiPrefs) => {
      onPrefsChange(ui);
      prefsSet(ui).then(
        () => setPrefsFailure(null),
        (raw: unknown) => setPrefsFailure(toUserError(raw)),
      );
    },
    [onPrefsChange],
  );

  const onColumnsChange = useCallback(
    (next: ColumnPref[]) => {
      if (viewLayout !== null) setViewLayout(next);
      else savePrefs({ ...settings.ui, columns: next });
    },
    [viewLayout, settings.ui, savePrefs],
  );
  const onThemeChange = useCallback(
    (theme: Theme) => savePrefs({ ...settings.ui, theme }),
    [settings.ui, savePrefs],
  );
  const onCsvDialectChange = useCallback(
    (csvDialect: CsvDialect) => savePrefs({ ...settings.ui, csvDialect }),
    [settings.ui, savePrefs],
  );
  const csvDialect = csvDialectOf(settings.ui);

  /** PDFs went into the archive: the rows query again, so their Archived buttons follow. */
  const archiveChanged = dataChanged;

  const downloadPdfs = useCallback(
    (query: InvoiceQuery) => {
      setLastPdfQuery(query);
      void pdf.start(query).then(archiveChanged);
    },
    [pdf.start, archiveChanged],
  );

  const openArchiveFolder = useCallback(() => {
    setArchiveFailure(null);
    archiveFolderOpen().then(
      (path) => setNotice(`Opened the archive folder ${path}.`),
      (raw: unknown) => setArchiveFailure(toUserError(raw)),
    );
  }, []);

  const inView = view.org === null ? orgs : orgs.filter((org) => org.orgId === view.org);
  const stale = staleSince(inView, Date.now());
  const refused = refusedOrgs(inView);
  const firstRefused = refused[0];
  const failed = failedOrgs(inView);
  const firstFailed = failed[0];

  return (
    <>
      <Header
        info={info}
        settings={settings}
        onRefresh={refresh}
        refreshing={fetching}
        onAddConnection={info.demo ? onAddConnection : undefined}
        onUseConnection={onUseConnection}
        onOpenConnections={onOpenConnections}
        onTheme={onThemeChange}
        onAbout={onAbout}
      />
      <div class="layout">
        <OrgSidebar
          orgs={orgs}
          selected={view.org}
          demo={info.demo}
          onSelect={(org) => dispatch({ type: 'org', org })}
          onAdded={orgsAdded}
          onLabelled={(orgId, label) => {
            setOrgs((current) =>
              current.map((org) => (org.orgId === orgId ? { ...org, label } : org)),
            );
            // Rows carry their organization's label (the Organization column): ask again.
            dataChanged();
          }}
          views={
            <ViewsPanel
              views={views}
              loadError={viewsFailure}
              onReload={loadViews}
              applied={applied?.name ?? null}
              onApply={applyView}
              saveOpen={saveViewOpen}
              onSaveOpen={setSaveViewOpen}
              focusRequest={saveViewRequest}
              onSave={saveView}
              onRename={renameView}
              onRemove={removeView}
            />
          }
          onRemoved={(orgId) => {
            setOrgs((current) => current.filter((org) => org.orgId !== orgId));
            if (view.org === orgId) dispatch({ type: 'org', org: null });
            dataChanged();
          }}
        >
          <CardAlert
            counts={cardCounts}
            onOpen={() => {
              // The count covers every organization: so does the view it opens.
              dispatch({ type: 'org', org: null });
              setCardsAttentionOnly(true);
              setTab('paymentMethods');
            }}
          />
        </OrgSidebar>
        <main class="content">
          <FetchNotice fetching={fetching} progress={progress} notice={notice} />
          {fetching && (
            <FetchStatus progress={progress} cancelling={cancelling} onCancel={cancelFetch} />
          )}
          {info.lastCrash && <CrashNotice report={info.lastCrash} />}
          {info.settingsWarning && (
            <div class="banner banner-warning" role="status" data-testid="settings-warning">
              <p>{info.settingsWarning}</p>
            </div>
          )}
          {fetchFailure && (
            <ErrorBanner
              error={fetchFailure.error}
              onRetry={fetchFailure.retry}
              connection={info.connection}
              onOpenConnections={onOpenConnections}
            />
          )}
          {!fetchFailure && firstFailed?.error && (
            <ErrorBanner
              error={toUserError(firstFailed.error)}
              onRetry={() =>
                void load(
                  failed.map((org) => org.orgId),
                  true,
                )
              }
              connection={info.connection}
              onOpenConnections={onOpenConnections}
              context={
                failed.length > 1
                  ? `${orgName(firstFailed)} and ${failed.length - 1} more organizations could not be refreshed.`
                  : `${orgName(firstFailed)} could not be refreshed.`
              }
            />
          )}
          {stale && (
            <div class="banner banner-stale" role="status" data-testid="stale-banner">
              <p>
                Showing data cached{' '}
                <time dateTime={stale.since} title={stale.title} data-testid="stale-age">
                  {stale.text}
                </time>
                . {fetching ? 'Refreshing…' : 'Refresh to try again.'}
              </p>
            </div>
          )}
          {firstRefused && (
            <div class="banner banner-warning" role="status" data-testid="refused-banner">
              <p>
                The billing service has refused this connection's token for{' '}
                {refused.length > 1
                  ? `${orgName(firstRefused)} and ${refused.length - 1} more organizations`
                  : orgName(firstRefused)}{' '}
                since their rows were fetched: what is shown may no longer be yours to see. Check
                the token in the Connections screen.
              </p>
            </div>
          )}
          {prefsFailure && (
            <ErrorBanner error={prefsFailure} onRetry={() => savePrefs(settings.ui)} />
          )}
          {archiveFailure && <ErrorBanner error={archiveFailure} onRetry={openArchiveFolder} />}
          <PdfStatus
            run={pdf.run}
            onCancel={() => void pdf.cancel()}
            onRetry={() => lastPdfQuery && downloadPdfs(lastPdfQuery)}
          />
          <ExportStatus
            run={exporter.run}
            onFetchFirst={() => void exporter.fetchListed()}
            onExportAnyway={exporter.exportAnyway}
            onDismiss={exporter.dismiss}
            onCancel={() => void exporter.cancel()}
            onRetry={exporter.retry}
          />
          {applied && (
            <AppliedView
              name={applied.name}
              modified={viewModified}
              orgs={orgsNote(applied.query)}
              showingAll={view.org === null}
              failure={updateFailure}
              onUpdate={updateView}
              onClear={clearView}
            />
          )}
          <div class="tabs" role="tablist" aria-label="What to show">
            {TABS.map((entry) => (
              <button
                key={entry.tab}
                type="button"
                role="tab"
                id={entry.id}
                data-testid={entry.id}
                aria-selected={tab === entry.tab}
                aria-controls="panel"
                onClick={() => setTab(entry.tab)}
              >
                {entry.label}
              </button>
            ))}
          </div>
          <div
            id="panel"
            role="tabpanel"
            class="panel"
            aria-labelledby={TABS.find((entry) => entry.tab === tab)?.id}
          >
            {tab === 'changes' ? (
              <ChangesTab
                state={changes}
                view={view}
                orgs={orgs}
                dataVersion={dataVersion}
                fetching={fetching}
                connection={info.connection}
                onOpenConnections={onOpenConnections}
              />
            ) : tab === 'history' ? (
              <ExportHistoryTab
                onShowChanges={(number) => {
                  changes.setNumber(number);
                  setTab('changes');
                }}
                onNotice={setNotice}
              />
            ) : tab === 'invoices' ? (
              <InvoicesView
                view={view}
                dispatch={dispatch}
                dataVersion={dataVersion}
                fetching={fetching}
                columns={columns}
                onColumnsChange={onColumnsChange}
                connection={info.connection}
                onOpenConnections={onOpenConnections}
                demo={info.demo}
                searchRef={searchRef}
                exportOpen={exportOpen}
                onExportOpen={setExportOpen}
                onExport={startExport}
                exporting={exportBusy(exporter.run)}
                onDownloadPdfs={downloadPdfs}
                pdfsRunning={pdf.run.state === 'running'}
                onOpenArchiveFolder={openArchiveFolder}
                csvDialect={csvDialect}
                onCsvDialectChange={onCsvDialectChange}
                onArchived={archiveChanged}
                onNotice={setNotice}
              />
            ) : (
              <PaymentMethods
                org={view.org}
                dataVersion={dataVersion}
                connection={info.connection}
                onOpenConnections={onOpenConnections}
                attentionOnly={cardsAttentionOnly}
                onAttentionOnly={setCardsAttentionOnly}
              />
            )}
          </div>
        </main>
      </div>
      {paletteOpen && (
        <CommandPalette
          onClose={() => setPaletteOpen(false)}
          commands={buildCommands(
            {
              orgs,
              view,
              tab,
              theme: settings.ui.theme,
              csvDialect,
              connections: settings.connections.map((connection) => connection.name),
              connection: info.connection,
              demo: info.demo,
              fetching,
              exporting: exportBusy(exporter.run),
              pdfsRunning: pdf.run.state === 'running',
              views: (views ?? []).map((saved) => saved.name),
              appliedView: applied?.name ?? null,
              viewModified,
            },
            {
              dispatch,
              showTab: (next) => {
                // "Show changes since the last export": the newest export of the view.
                if (next === 'changes') changes.setNumber(null);
                setTab(next);
              },
              shortcut: runShortcut,
              exportAs: (format) => startExport(toInvoiceQuery(view), format, false),
              downloadPdfs: () => downloadPdfs(toInvoiceQuery(view)),
              openArchiveFolder,
              openConnections: onOpenConnections,
              useConnection: onUseConnection,
              setTheme: onThemeChange,
              setCsvDialect: onCsvDialectChange,
              showAbout: onAbout,
              addConnection: info.demo ? onAddConnection : undefined,
              applyView: (name) => {
                const saved = views && findView(views, name);
                if (saved) applyView(saved);
              },
              saveView: openSaveView,
              updateView,
            },
          )}
        />
      )}
    </>
  );
}
