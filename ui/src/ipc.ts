/**
 * The UI's only door to Rust. Every command goes through `call`, which turns whatever the
 * shell rejects with into one `UserError`, so components branch on `error.code` and show
 * `error.message`, and never parse strings. Add one typed function per command below.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { AppInfo } from './bindings/AppInfo';
import type { CommandError } from './bindings/CommandError';
import type { ErrorCode } from './bindings/ErrorCode';

/**
 * Every code Rust can send. Typed as a Record so that a code added to the Rust `ErrorCode`
 * (and so to the generated binding) fails `tsc` until the UI has decided how to treat it.
 */
const ERROR_CODES: Record<ErrorCode, true> = { internal: true };

/** A Rust code, or `ipc` when the request never reached a command (refused, unknown, crashed). */
export type UserErrorCode = ErrorCode | 'ipc';

/** An error to show the user: `message` is written for them, `code` is for branching. */
export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(
    readonly code: UserErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const IPC_FAILURE =
  'Billing Desk could not complete this request inside the app. Try again; if it keeps happening, restart Billing Desk.';

function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

/** Maps anything an `invoke` rejected with to a `UserError`. */
export function toUserError(raw: unknown): UserError {
  if (raw instanceof UserError) return raw;
  if (isCommandError(raw)) {
    // A newer shell may send a code this UI predates: keep its message, treat it as internal.
    const code: ErrorCode = Object.hasOwn(ERROR_CODES, raw.code) ? raw.code : 'internal';
    return new UserError(code, raw.message, { cause: raw });
  }
  // Tauri's own refusals (ACL, unknown command) arrive as plain strings meant for developers:
  // keep them as the cause for the console, show the user a sentence they can act on.
  return new UserError('ipc', IPC_FAILURE, { cause: raw });
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toUserError(raw);
  }
}

/** The app's version and whether it shows demo data. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}
