import { describe, expect, it } from 'vitest';
import { INITIAL_VIEW, NO_FILTERS, type ViewAction, type ViewState } from '../state/query';
import type { CsvDialect } from '../state/csvDialect';
import type { Shortcut } from '../state/shortcuts';
import type { Theme } from '../theme/scheme';
import type { ExportFormat } from '../types';
import { buildCommands, type PaletteActions, type PaletteState, type Tab } from './commands';

const ORGS = [
  { orgId: 'org_acme', label: 'ACME Europe' },
  { orgId: 'org_tokyo', label: 'Tokyo KK' },
  { orgId: 'org_kuwait', label: null },
];

const state = (patch: Partial<PaletteState> = {}): PaletteState => ({
  orgs: ORGS,
  view: INITIAL_VIEW,
  tab: 'invoices',
  theme: 'system',
  csvDialect: 'standard',
  connections: ['Production', 'Staging'],
  connection: 'Production',
  demo: false,
  fetching: false,
  exporting: false,
  pdfsRunning: false,
  ...patch,
});

/** Actions that record what they were asked to do. */
function recorder() {
  const done: string[] = [];
  const actions: PaletteActions = {
    dispatch: (action: ViewAction) => done.push(`dispatch ${JSON.stringify(action)}`),
    showTab: (tab: Tab) => done.push(`tab ${tab}`),
    shortcut: (shortcut: Shortcut) => done.push(`shortcut ${shortcut}`),
    exportAs: (format: ExportFormat) => done.push(`export ${format}`),
    downloadPdfs: () => done.push('pdfs'),
    openArchiveFolder: () => done.push('archiveFolder'),
    openConnections: () => done.push('connections'),
    useConnection: (name: string | null) => done.push(`use ${String(name)}`),
    setTheme: (theme: Theme) => done.push(`theme ${theme}`),
    setCsvDialect: (dialect: CsvDialect) => done.push(`csvDialect ${dialect}`),
    showAbout: () => done.push('about'),
  };
  return { done, actions };
}

const ids = (patch: Partial<PaletteState> = {}) =>
  buildCommands(state(patch), recorder().actions).map((command) => command.id);

function find(patch: Partial<PaletteState>, id: string, actions = recorder().actions) {
  const command = buildCommands(state(patch), actions).find((entry) => entry.id === id);
  if (!command) throw new Error(`no command ${id}`);
  return command;
}

describe('buildCommands', () => {
  it('lists the app’s actions for a connection showing all organizations, unfiltered', () => {
    expect(ids()).toEqual([
      'search',
      'refresh',
      'exportMenu',
      'export:csv',
      'export:xlsx',
      'export:json',
      'pdfs',
      'archiveFolder',
      'status:draft',
      'status:open',
      'status:paid',
      'status:uncollectible',
      'status:void',
      'overdue',
      'tab:paymentMethods',
      'tab:changes',
      'tab:history',
      'org:org_acme',
      'org:org_tokyo',
      'org:org_kuwait',
      'connection:Staging',
      'connection:demo',
      'connections',
      'theme:light',
      'theme:dark',
      'csvDialect:excel-semicolon',
      'about',
    ]);
  });

  it('has unique ids', () => {
    const list = ids({
      view: { ...INITIAL_VIEW, org: 'org_acme', filters: { ...NO_FILTERS, overdueOnly: true } },
    });
    expect(new Set(list).size).toBe(list.length);
  });

  it('names organizations by label, else by ID, and leaves out the one shown', () => {
    const labels = buildCommands(
      state({ view: { ...INITIAL_VIEW, org: 'org_tokyo' } }),
      recorder().actions,
    )
      .filter((command) => command.id.startsWith('org:'))
      .map((command) => command.label);
    expect(labels).toEqual([
      'Organization: All organizations',
      'Organization: ACME Europe',
      'Organization: org_kuwait',
    ]);
  });

  it('leaves out the active connection, the theme, the tab in use; with demo data, offers every connection', () => {
    const list = ids({ theme: 'dark', tab: 'paymentMethods' });
    expect(list).not.toContain('connection:Production');
    expect(list).not.toContain('theme:dark');
    expect(list).toEqual(expect.arrayContaining(['theme:system', 'theme:light', 'tab:invoices']));
    expect(list).not.toContain('tab:paymentMethods');
    expect(ids({ tab: 'changes' })).toEqual(
      expect.arrayContaining(['tab:invoices', 'tab:paymentMethods', 'tab:history']),
    );
    expect(ids({ tab: 'changes' })).not.toContain('tab:changes');

    const demo = ids({ demo: true, connection: null });
    expect(demo).toEqual(expect.arrayContaining(['connection:Production', 'connection:Staging']));
    expect(demo, 'demo data is already shown').not.toContain('connection:demo');
  });

  it('offers Add connection only where the header does', () => {
    expect(ids()).not.toContain('addConnection');
    const { actions, done } = recorder();
    find({ demo: true }, 'addConnection', {
      ...actions,
      addConnection: () => done.push('add'),
    }).run();
    expect(done).toEqual(['add']);
  });

  it('words filter commands by what they change, and offers Clear filters only with a filter set', () => {
    const view: ViewState = {
      ...INITIAL_VIEW,
      filters: { ...NO_FILTERS, statuses: ['open', 'legacy_hold'], overdueOnly: true },
    };
    const commands = buildCommands(state({ view }), recorder().actions);
    const label = (id: string) => commands.find((command) => command.id === id)?.label;
    expect(label('status:open')).toBe('Status filter: remove open');
    expect(label('status:paid')).toBe('Status filter: add paid');
    expect(
      label('status:legacy_hold'),
      'a status the API added stays, so it can be switched off',
    ).toBe('Status filter: remove legacy_hold');
    expect(label('overdue')).toBe('Overdue only: turn off');
    expect(label('clearFilters')).toBe('Clear filters');
    expect(ids()).not.toContain('clearFilters');
  });

  it('filter commands change the view and show the invoice table', () => {
    const { actions, done } = recorder();
    find({ tab: 'paymentMethods' }, 'status:paid', actions).run();
    find({}, 'overdue', actions).run();
    expect(done).toEqual([
      'dispatch {"type":"toggleStatus","status":"paid"}',
      'tab invoices',
      'dispatch {"type":"overdueOnly","on":true}',
      'tab invoices',
    ]);
  });

  it('runs exports, shortcuts, switches and the theme through the window’s own actions', () => {
    const { actions, done } = recorder();
    for (const id of [
      'export:csv',
      'pdfs',
      'archiveFolder',
      'refresh',
      'search',
      'exportMenu',
      'org:org_acme',
      'connection:Staging',
      'connection:demo',
      'connections',
      'theme:dark',
      'tab:paymentMethods',
      'tab:changes',
      'tab:history',
      'about',
    ]) {
      find({}, id, actions).run();
    }
    expect(done).toEqual([
      'export csv',
      'pdfs',
      'archiveFolder',
      'shortcut refresh',
      'shortcut search',
      'shortcut export',
      'dispatch {"type":"org","org":"org_acme"}',
      'use Staging',
      'use null',
      'connections',
      'theme dark',
      'tab paymentMethods',
      'tab changes',
      'tab history',
      'about',
    ]);
  });

  it('always offers About Billing Desk, whatever the window shows', () => {
    const label = (patch: Partial<PaletteState>) =>
      buildCommands(state(patch), recorder().actions).find((command) => command.id === 'about')
        ?.label;
    expect(label({})).toBe('About Billing Desk');
    expect(
      label({ demo: true, connection: null, fetching: true, exporting: true, pdfsRunning: true }),
    ).toBe('About Billing Desk');
    expect(
      find({ fetching: true }, 'about').disabled,
      'nothing running keeps it from opening',
    ).toBeFalsy();
  });

  it('names the Changes and Export history tabs by what they show', () => {
    const commands = buildCommands(state(), recorder().actions);
    const label = (id: string) => commands.find((command) => command.id === id)?.label;
    expect(label('tab:changes')).toBe('Show changes since the last export');
    expect(label('tab:history')).toBe('Show export history');
  });

  it('shows the shortcut of the commands that have one', () => {
    const shortcuts = Object.fromEntries(
      buildCommands(state(), recorder().actions).flatMap((command) =>
        command.shortcut ? [[command.id, command.shortcut]] : [],
      ),
    );
    expect(shortcuts).toEqual({ search: 'search', refresh: 'refresh', exportMenu: 'export' });
  });

  it('offers the CSV layout not in use, saves it through the window, and names it on the CSV export', () => {
    const commands = (csvDialect: CsvDialect) =>
      buildCommands(state({ csvDialect }), recorder().actions);
    const label = (csvDialect: CsvDialect, id: string) =>
      commands(csvDialect).find((command) => command.id === id)?.label;
    expect(label('standard', 'csvDialect:excel-semicolon')).toBe('CSV layout: Excel, semicolon');
    expect(ids({ csvDialect: 'standard' })).not.toContain('csvDialect:standard');
    expect(label('excel-semicolon', 'csvDialect:standard')).toBe('CSV layout: standard');
    expect(ids({ csvDialect: 'excel-semicolon' })).not.toContain('csvDialect:excel-semicolon');
    expect(label('standard', 'export:csv')).toBe('Export CSV');
    expect(label('excel-semicolon', 'export:csv')).toBe('Export CSV (Excel, semicolon)');
    expect(label('excel-semicolon', 'export:xlsx')).toBe('Export Excel (XLSX)');

    const { actions, done } = recorder();
    find({}, 'csvDialect:excel-semicolon', actions).run();
    find({ csvDialect: 'excel-semicolon' }, 'csvDialect:standard', actions).run();
    expect(done).toEqual(['csvDialect excel-semicolon', 'csvDialect standard']);
  });

  it('marks what cannot run now as disabled', () => {
    const disabled = (patch: Partial<PaletteState>) =>
      buildCommands(state(patch), recorder().actions)
        .filter((command) => command.disabled)
        .map((command) => command.id);
    expect(disabled({})).toEqual([]);
    expect(disabled({ fetching: true })).toEqual(['refresh']);
    expect(disabled({ exporting: true })).toEqual(['export:csv', 'export:xlsx', 'export:json']);
    expect(disabled({ pdfsRunning: true })).toEqual(['pdfs']);
  });

  it('offers each saved view but the applied one as saved, Save view…, and Update view while modified', () => {
    const done: string[] = [];
    const actions: PaletteActions = {
      ...recorder().actions,
      applyView: (name) => done.push(`apply ${name}`),
      saveView: () => done.push('save'),
      updateView: () => done.push('update'),
    };
    const labels = (patch: Partial<PaletteState>) =>
      buildCommands(state(patch), actions)
        .filter(
          (command) =>
            command.id.startsWith('view:') ||
            command.id === 'saveView' ||
            command.id === 'updateView',
        )
        .map((command) => command.label);
    const views = ['Overdue EUR', 'Open'];
    expect(labels({ views })).toEqual(['View: Overdue EUR', 'View: Open', 'Save view…']);
    expect(
      labels({ views, appliedView: 'Open' }),
      'applying the view on screen again changes nothing',
    ).toEqual(['View: Overdue EUR', 'Save view…']);
    expect(
      labels({ views, appliedView: 'Open', viewModified: true }),
      'modified: back to it, or update it',
    ).toEqual(['View: Overdue EUR', 'View: Open', 'Save view…', 'Update view Open']);
    for (const command of buildCommands(
      state({ views, appliedView: 'Open', viewModified: true }),
      actions,
    )) {
      if (['view:Open', 'saveView', 'updateView'].includes(command.id)) command.run();
    }
    expect(done).toEqual(['apply Open', 'save', 'update']);
    expect(ids({ views }), 'without the window’s view actions, no view command').not.toContain(
      'view:Open',
    );
  });
});
