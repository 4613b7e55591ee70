import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emit } from '@tauri-apps/api/event';
import {
  aboutInfo,
  ALL_ERROR_CODES,
  appInfo,
  archiveFolderOpen,
  connectionCheck,
  connectionsOverview,
  connectionUpdate,
  exportCancel,
  exportCheck,
  exportInvoices,
  fetchOrgs,
  folderOpen,
  invoiceOpen,
  invoicesQuery,
  onPdfProgress,
  onUpdateStatus,
  orgsAdd,
  pdfDownloadInvoice,
  rowIndex,
  toUserError,
  updateCheck,
  updateDownload,
  updateInstall,
  UserError,
} from './ipc';
import type { InvoiceRow } from './types';

beforeAll(() => {
  // @tauri-apps/api talks to `window.__TAURI_INTERNALS__`; Node has no window, so the global
  // object stands in for it (mockIPC installs the internals there).
  Object.assign(globalThis, { window: globalThis });
});

afterEach(() => clearMocks());

describe('toUserError', () => {
  it('keeps the code and message of a command error from Rust', () => {
    const error = toUserError({ code: 'internal', message: 'The invoice list could not be read.' });
    expect(error).toBeInstanceOf(UserError);
    expect(error.code, 'the UI branches on the code Rust chose').toBe('internal');
    expect(error.message, 'Rust wrote the message for the user').toBe(
      'The invoice list could not be read.',
    );
  });

  it('treats a code this UI does not know as internal, keeping the message', () => {
    const error = toUserError({ code: 'fromANewerShell', message: 'Something newer failed.' });
    expect(error.code, 'an unknown code must not reach a switch as an unlisted value').toBe(
      'internal',
    );
    expect(error.message).toBe('Something newer failed.');
  });

  it("turns Tauri's plain-string refusals into an ipc error with a sentence for the user", () => {
    const raw = 'app_info not allowed. Permissions associated with this command: allow-app-info';
    const error = toUserError(raw);
    expect(error.code).toBe('ipc');
    expect(error.message, 'developer text stays out of the UI').not.toContain('Permissions');
    expect(error.cause, 'the raw refusal stays available for the console').toBe(raw);
  });

  it('returns a UserError unchanged', () => {
    const original = new UserError('internal', 'Already mapped.');
    expect(toUserError(original)).toBe(original);
  });
});

describe('appInfo', () => {
  it('calls the app_info command and returns its result', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return { version: '1.2.3', demo: true };
    });
    await expect(appInfo()).resolves.toEqual({ version: '1.2.3', demo: true });
    expect(calls, 'one call, to the command Rust registers').toEqual(['app_info']);
  });

  it('rejects with a UserError when the command fails', async () => {
    mockIPC(() => {
      throw { code: 'internal', message: 'Could not read the app version.' };
    });
    const failure = appInfo();
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toMatchObject({
      code: 'internal',
      message: 'Could not read the app version.',
    });
  });
});

describe('every error code', () => {
  it('reaches the UI with its own code and message', () => {
    for (const code of ALL_ERROR_CODES) {
      const error = toUserError({ code, message: `message for ${code}` });
      expect(error.code, `${code} must not be flattened to another code`).toBe(code);
      expect(error.message).toBe(`message for ${code}`);
    }
  });
});

describe('commands', () => {
  it('send the argument names of the contract', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return null;
    });
    await fetchOrgs(null, true);
    await invoicesQuery({ orgs: ['org_1'], offset: 0, limit: 50 });
    await invoiceOpen('org_1', 'in_1', 3, 'pdf');
    await invoiceOpen('org_1', 'in_1', null, 'archivedPdf');
    await pdfDownloadInvoice('org_1', 'in_1', 3);
    await archiveFolderOpen();
    await exportInvoices({ orgs: null }, 'xlsx', true, false);
    await orgsAdd('a, b', null);
    expect(calls).toEqual([
      { cmd: 'fetch_orgs', args: { orgIds: null, force: true } },
      { cmd: 'invoices_query', args: { query: { orgs: ['org_1'], offset: 0, limit: 50 } } },
      { cmd: 'invoice_open', args: { orgId: 'org_1', invoiceId: 'in_1', row: 3, target: 'pdf' } },
      {
        cmd: 'invoice_open',
        args: { orgId: 'org_1', invoiceId: 'in_1', row: null, target: 'archivedPdf' },
      },
      { cmd: 'pdf_download_invoice', args: { orgId: 'org_1', invoiceId: 'in_1', row: 3 } },
      { cmd: 'archive_folder_open', args: {} },
      {
        cmd: 'export_invoices',
        args: { query: { orgs: null }, format: 'xlsx', manifest: true, allowIncomplete: false },
      },
      { cmd: 'orgs_add', args: { text: 'a, b', label: null } },
    ]);
  });

  it('of the Connections screen send the argument names Rust reads, defaults as null', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return null;
    });
    await connectionsOverview();
    await connectionUpdate('Production', {
      baseUrl: 'https://billing.example.com/',
      timeoutSecs: 30,
      concurrency: null,
      allowPlainHttp: false,
      archiveDir: null,
    });
    await connectionUpdate('Production', {
      baseUrl: 'https://billing.example.com/',
      timeoutSecs: null,
      concurrency: 4,
      allowPlainHttp: false,
      archiveDir: '/srv/invoices',
    });
    await connectionCheck('Production');
    expect(calls).toEqual([
      { cmd: 'connections_overview', args: {} },
      {
        cmd: 'connection_update',
        args: {
          name: 'Production',
          edit: {
            baseUrl: 'https://billing.example.com/',
            timeoutSecs: 30,
            concurrency: null,
            allowPlainHttp: false,
            archiveDir: null,
          },
        },
      },
      {
        cmd: 'connection_update',
        args: {
          name: 'Production',
          edit: {
            baseUrl: 'https://billing.example.com/',
            timeoutSecs: null,
            concurrency: 4,
            allowPlainHttp: false,
            archiveDir: '/srv/invoices',
          },
        },
      },
      { cmd: 'connection_check', args: { name: 'Production' } },
    ]);
  });

  it('of the About dialog send no argument or the folder kind, and hand back what Rust answers', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'folder_open')
        throw {
          code: 'internal',
          message: 'The folder /home/me/.cache/billing-desk cannot be created: permission denied.',
        };
      return { version: '1.2.3', diagnostics: 'Billing Desk 1.2.3 (commit abc)\n' };
    });
    await expect(aboutInfo()).resolves.toMatchObject({
      version: '1.2.3',
      diagnostics: 'Billing Desk 1.2.3 (commit abc)\n',
    });
    await expect(folderOpen('cache')).rejects.toMatchObject({
      code: 'internal',
      message: 'The folder /home/me/.cache/billing-desk cannot be created: permission denied.',
    });
    expect(calls).toEqual([
      { cmd: 'about_info', args: {} },
      { cmd: 'folder_open', args: { kind: 'cache' } },
    ]);
  });

  it('map a rejection of any command to a UserError', async () => {
    mockIPC(() => {
      throw { code: 'busy', message: 'A download is already running.' };
    });
    await expect(exportInvoices({}, 'csv', false, false)).rejects.toMatchObject({
      code: 'busy',
      message: 'A download is already running.',
    });
  });

  it('ask about the view before an export, and pass the user’s decision with it', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return cmd === 'export_check' ? [] : null;
    });
    const view = { orgs: ['org_acme'], overdueOnly: true };
    expect(await exportCheck(view)).toEqual([]);
    await exportInvoices(view, 'xlsx', true, true);
    await exportCancel();
    expect(calls).toEqual([
      { cmd: 'export_check', args: { query: view } },
      {
        cmd: 'export_invoices',
        args: { query: view, format: 'xlsx', manifest: true, allowIncomplete: true },
      },
      { cmd: 'export_cancel', args: {} },
    ]);
  });
});

describe('update commands', () => {
  it('send no arguments and hand back the status Rust answers', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'update_check') return { state: 'available', version: '9.0.0', notes: null };
      if (cmd === 'update_download')
        return { state: 'verified', version: '9.0.0', installable: true };
      return null;
    });
    await expect(updateCheck()).resolves.toEqual({
      state: 'available',
      version: '9.0.0',
      notes: null,
    });
    await expect(updateDownload()).resolves.toEqual({
      state: 'verified',
      version: '9.0.0',
      installable: true,
    });
    await expect(updateInstall()).resolves.toBeUndefined();
    expect(calls).toEqual([
      { cmd: 'update_check', args: {} },
      { cmd: 'update_download', args: {} },
      { cmd: 'update_install', args: {} },
    ]);
  });

  it('reject an install with the update code and Rust’s sentence', async () => {
    const message =
      'This copy of Billing Desk was not installed from a package, so it cannot replace itself: install version 9.0.0 with your package manager.';
    mockIPC(() => {
      throw { code: 'update', message };
    });
    await expect(updateInstall()).rejects.toMatchObject({ code: 'update', message });
  });
});

describe('events', () => {
  it('onPdfProgress hands over the payload and stops when asked', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: unknown[] = [];
    const stop = await onPdfProgress((progress) => seen.push(progress));
    await emit('pdf-progress', { done: 1, total: 3, failed: 0 });
    stop();
    await emit('pdf-progress', { done: 2, total: 3, failed: 0 });
    expect(seen, 'one event before unlisten, none after').toEqual([
      { done: 1, total: 3, failed: 0 },
    ]);
  });

  it('onUpdateStatus hands over each status', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: unknown[] = [];
    const stop = await onUpdateStatus((status) => seen.push(status));
    await emit('update-status', { state: 'checking', server: 'https://updates.example.com' });
    stop();
    await emit('update-status', {
      state: 'upToDate',
      server: 'https://updates.example.com',
      checked: '2025-06-01T00:00:00Z',
    });
    expect(seen).toEqual([{ state: 'checking', server: 'https://updates.example.com' }]);
  });
});

describe('rowIndex', () => {
  const row = (key: string) => ({ key }) as InvoiceRow;
  it('reads the place after the last slash of the key', () => {
    expect(rowIndex(row('acme/17'))).toBe(17);
    expect(rowIndex(row('a/b/0'))).toBe(0);
  });
  it('gives null for a key without a usable index, so Rust falls back to the ID alone', () => {
    expect(rowIndex(row('acme/'))).toBeNull();
    expect(rowIndex(row('acme/x'))).toBeNull();
    expect(rowIndex(row('acme/-1'))).toBeNull();
    expect(rowIndex(row('acme/1.5'))).toBeNull();
  });
});
