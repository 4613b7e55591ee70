/**
 * The command palette's commands, built from what the window already holds (its organizations,
 * the saved connections, the view, the tab, the theme): building them asks Rust nothing, so
 * the palette opens at once. Only commands that change something are listed: the organization
 * and tab shown, the active connection, the theme and the CSV layout in use are left out, and "Clear filters"
 * appears only while a filter is set. A command with a key shortcut runs what its keys run.
 */
import { CSV_DIALECTS, formatLabel, type CsvDialect } from '../state/csvDialect';
import { EXPORT_FORMATS } from '../state/exportFormats';
import { orgName } from '../state/orgs';
import { hasFilters, STATUSES, type ViewAction, type ViewState } from '../state/query';
import type { Shortcut } from '../state/shortcuts';
import { THEME_CHOICES, type Theme } from '../theme/scheme';
import type { ExportFormat, InvoiceStatus, OrgStatus } from '../types';

export type Command = {
  /** Unique in the list and stable between openings; not shown. */
  id: string;
  label: string;
  /** The key shortcut that does the same thing, shown beside the label. */
  shortcut?: Shortcut;
  /** Listed but not runnable now, e.g. Refresh while a fetch runs. */
  disabled?: boolean;
  run: () => void;
};

/** The window's tabs. */
export type Tab = 'invoices' | 'paymentMethods' | 'changes' | 'history';

/** What the window shows now. */
export type PaletteState = {
  orgs: readonly Pick<OrgStatus, 'orgId' | 'label'>[];
  view: ViewState;
  tab: Tab;
  theme: Theme;
  /** The saved layout of CSV exports. */
  csvDialect: CsvDialect;
  /** The saved connections' names, in the user's order. */
  connections: readonly string[];
  /** The active connection's name; `null` with demo data. */
  connection: string | null;
  demo: boolean;
  fetching: boolean;
  /** An export is under way: the export menu waits for it too. */
  exporting: boolean;
  pdfsRunning: boolean;
  /** The saved views' names, in Rust's order. */
  views?: readonly string[];
  /** The applied view's name; `null` or absent = none. */
  appliedView?: string | null;
  /** What is on screen differs from the applied view. */
  viewModified?: boolean;
};

/** What the commands do: the window's own callbacks, the same ones its controls call. */
export type PaletteActions = {
  dispatch: (action: ViewAction) => void;
  /** Shows a tab; the Changes tab compares with the newest export of the view. */
  showTab: (tab: Tab) => void;
  /** Does what the shortcut's keys do. */
  shortcut: (shortcut: Shortcut) => void;
  /** Exports the view as the export menu does (its completeness check included). */
  exportAs: (format: ExportFormat) => void;
  downloadPdfs: () => void;
  /** Opens the PDF archive folder in the file manager, as the export menu does. */
  openArchiveFolder: () => void;
  openConnections: () => void;
  /** Switches to the named connection, or to demo data with `null`. */
  useConnection: (name: string | null) => void;
  setTheme: (theme: Theme) => void;
  /** Saves the CSV layout, as the export menu's radio group does. */
  setCsvDialect: (dialect: CsvDialect) => void;
  /** Opens the About dialog, as the header's About button does. */
  showAbout: () => void;
  /** Present where the header offers Add connection (demo data). */
  addConnection?: (() => void) | undefined;
  /** Applies the saved view of that name, as its sidebar button does. */
  applyView?: (name: string) => void;
  /** Opens the sidebar's "Save view…" form. */
  saveView?: () => void;
  /** Saves what is on screen under the applied view's name ("Update view"). */
  updateView?: () => void;
};

const TAB_LABELS: Readonly<Record<Tab, string>> = {
  invoices: 'Show invoices',
  paymentMethods: 'Show payment methods',
  changes: 'Show changes since the last export',
  history: 'Show export history',
};

/** The CSV layouts as the palette's commands name them ("CSV layout: standard"). */
const CSV_LAYOUT_NAMES: Readonly<Record<CsvDialect, string>> = {
  standard: 'standard',
  'excel-semicolon': 'Excel, semicolon',
};

/** The palette's commands for `state`, in the order listed before anything is typed. */
export function buildCommands(state: PaletteState, act: PaletteActions): Command[] {
  const { view } = state;
  // Filters narrow the invoice table: a filter command also shows it.
  const filter = (action: ViewAction) => () => {
    act.dispatch(action);
    act.showTab('invoices');
  };
  const commands: Command[] = [
    {
      id: 'search',
      label: 'Search by invoice number or ID',
      shortcut: 'search',
      run: () => act.shortcut('search'),
    },
    {
      id: 'refresh',
      label: 'Refresh',
      shortcut: 'refresh',
      disabled: state.fetching,
      run: () => act.shortcut('refresh'),
    },
    {
      id: 'exportMenu',
      label: 'Open the export menu',
      shortcut: 'export',
      run: () => act.shortcut('export'),
    },
    ...EXPORT_FORMATS.map(({ format, label }) => ({
      id: `export:${format}`,
      label: `Export ${formatLabel(format, label, state.csvDialect)}`,
      disabled: state.exporting,
      run: () => act.exportAs(format),
    })),
    {
      id: 'pdfs',
      label: 'Download PDFs of this view',
      disabled: state.pdfsRunning,
      run: act.downloadPdfs,
    },
    { id: 'archiveFolder', label: 'Open archive folder', run: act.openArchiveFolder },
  ];

  // Saved views: each one but the applied view as it was saved (that would change nothing).
  const applied = state.appliedView ?? null;
  for (const name of state.views ?? []) {
    if (name === applied && !state.viewModified) continue;
    if (act.applyView) {
      const apply = act.applyView;
      commands.push({ id: `view:${name}`, label: `View: ${name}`, run: () => apply(name) });
    }
  }
  if (act.saveView) commands.push({ id: 'saveView', label: 'Save view…', run: act.saveView });
  if (applied !== null && state.viewModified && act.updateView)
    commands.push({ id: 'updateView', label: `Update view ${applied}`, run: act.updateView });

  // The known statuses, and any other one chosen (so it can be switched off).
  const statuses: InvoiceStatus[] = [
    ...STATUSES,
    ...view.filters.statuses.filter((status) => !STATUSES.includes(status)),
  ];
  for (const status of statuses) {
    const on = view.filters.statuses.includes(status);
    commands.push({
      id: `status:${status}`,
      label: `Status filter: ${on ? 'remove' : 'add'} ${status}`,
      run: filter({ type: 'toggleStatus', status }),
    });
  }
  const overdue = view.filters.overdueOnly;
  commands.push({
    id: 'overdue',
    label: `Overdue only: turn ${overdue ? 'off' : 'on'}`,
    run: filter({ type: 'overdueOnly', on: !overdue }),
  });
  if (hasFilters(view.filters))
    commands.push({
      id: 'clearFilters',
      label: 'Clear filters',
      run: filter({ type: 'clearFilters' }),
    });

  for (const tab of ['invoices', 'paymentMethods', 'changes', 'history'] as const) {
    if (tab !== state.tab)
      commands.push({ id: `tab:${tab}`, label: TAB_LABELS[tab], run: () => act.showTab(tab) });
  }

  if (view.org !== null)
    commands.push({
      id: 'org:all',
      label: 'Organization: All organizations',
      run: () => act.dispatch({ type: 'org', org: null }),
    });
  for (const org of state.orgs) {
    if (org.orgId === view.org) continue;
    commands.push({
      id: `org:${org.orgId}`,
      label: `Organization: ${orgName(org)}`,
      run: () => act.dispatch({ type: 'org', org: org.orgId }),
    });
  }

  for (const name of state.connections) {
    if (!state.demo && name === state.connection) continue;
    commands.push({
      id: `connection:${name}`,
      label: `Connection: ${name}`,
      run: () => act.useConnection(name),
    });
  }
  if (!state.demo)
    commands.push({
      id: 'connection:demo',
      label: 'Connection: Demo data',
      run: () => act.useConnection(null),
    });
  commands.push({ id: 'connections', label: 'Open Connections', run: act.openConnections });
  if (act.addConnection)
    commands.push({ id: 'addConnection', label: 'Add connection', run: act.addConnection });

  for (const choice of THEME_CHOICES) {
    if (choice.value === state.theme) continue;
    const theme = choice.value;
    commands.push({
      id: `theme:${theme}`,
      label: `Theme: ${choice.label}`,
      run: () => act.setTheme(theme),
    });
  }

  for (const choice of CSV_DIALECTS) {
    if (choice.value === state.csvDialect) continue;
    const dialect = choice.value;
    commands.push({
      id: `csvDialect:${dialect}`,
      label: `CSV layout: ${CSV_LAYOUT_NAMES[dialect]}`,
      run: () => act.setCsvDialect(dialect),
    });
  }
  commands.push({ id: 'about', label: 'About Billing Desk', run: act.showAbout });
  return commands;
}
