import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appInfo, toUserError, UserError } from './ipc';

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
    expect(error.message, 'Rust wrote the message for the user').toBe('The invoice list could not be read.');
  });

  it('treats a code this UI does not know as internal, keeping the message', () => {
    const error = toUserError({ code: 'fromANewerShell', message: 'Something newer failed.' });
    expect(error.code, 'an unknown code must not reach a switch as an unlisted value').toBe('internal');
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
    await expect(failure).rejects.toMatchObject({ code: 'internal', message: 'Could not read the app version.' });
  });
});
