/**
 * What the UI does for each error code. The switch is exhaustive over `UserErrorCode`, so a
 * code added in Rust (and so in the binding) fails `tsc` here until it has a decision.
 * The message itself always comes from Rust; this adds a title and the next step.
 */
import type { UserErrorCode } from '../ipc';

export type ErrorAdvice = {
  /** A short heading above Rust's message. */
  title: string;
  /**
   * The fix offered besides Retry: `token` shows a "Set token" form and "Open Connections";
   * `connection` only "Open Connections" (the address or the keyring is what to check there).
   */
  fix: 'none' | 'token' | 'connection';
};

export function errorAdvice(code: UserErrorCode): ErrorAdvice {
  switch (code) {
    case 'noToken':
      return { title: 'Set token', fix: 'token' };
    case 'unauthorized':
      return { title: 'Check the token', fix: 'token' };
    case 'keyring':
      // The screen shows which tokens the keyring could be asked about, and sets them again.
      return { title: 'The system keyring is not available', fix: 'connection' };
    case 'notFound':
      return { title: 'Check the organization ID', fix: 'none' };
    case 'rateLimited':
      return { title: 'The server asked us to slow down', fix: 'none' };
    case 'server':
      return { title: 'The billing server had a problem', fix: 'none' };
    case 'network':
      // Rust's message points at the API address, which the Connections screen edits.
      return { title: 'Check your network connection', fix: 'connection' };
    case 'badResponse':
      return { title: 'The server sent data Billing Desk cannot read', fix: 'none' };
    case 'settings':
      return { title: 'Settings could not be saved or read', fix: 'none' };
    case 'export':
      return { title: 'The file could not be written', fix: 'none' };
    case 'exportIncomplete':
      // The export asks about these organizations itself; a banner shows only if asking failed.
      return { title: 'Some organizations are not up to date', fix: 'none' };
    case 'linkRefused':
      return { title: 'This link cannot be opened', fix: 'none' };
    case 'busy':
      return { title: 'Another download or export is still running', fix: 'none' };
    case 'cancelled':
      return { title: 'Cancelled', fix: 'none' };
    case 'update':
      // About shows these in place; a banner only if one ever reaches another screen.
      return { title: 'The update did not go through', fix: 'none' };
    case 'invalidInput':
      // Also an organization ID, a filter or a form field: the code alone does not point at
      // a connection, and a connection's own form shows its refusals in place.
      return { title: 'Check what you entered', fix: 'none' };
    case 'internal':
      return { title: 'Something went wrong', fix: 'none' };
    case 'ipc':
      return { title: 'Something went wrong', fix: 'none' };
  }
}

/** The banner of `code` offers "Open Connections": the fix is in a connection's settings or token. */
export function offersConnections(code: UserErrorCode): boolean {
  return errorAdvice(code).fix !== 'none';
}
