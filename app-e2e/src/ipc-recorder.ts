/**
 * Records what the web view receives from Rust, for checks such as "the token never comes
 * back": every command's answer (result or error) and every event payload, as text.
 *
 * Tauri defines `__TAURI_INTERNALS__.invoke` non-writable and non-configurable, so it cannot
 * be wrapped. Everything Rust sends still passes two points that can be observed:
 * - `__TAURI_INTERNALS__.runCallback(id, data)` looks the handler up in the `callbacks` Map
 *   (exposed by Tauri for debugging): command results, command errors and events alike. The
 *   recorder gives that Map instance its own `get`, which hands out a wrapper that notes
 *   `data` before calling the real handler.
 * - The custom-protocol IPC answers a command over `fetch('ipc://localhost/<command>')`: the
 *   recorder wraps `window.fetch` and keeps the raw text of each answer, before any parsing.
 * A callback id is tied to its command by that same request: Tauri sends a command as
 * `POST ipc://localhost/<command>` with the ids of its result and error handlers in the
 * `Tauri-Callback` and `Tauri-Error` headers. Arguments (the request body) are never recorded:
 * the token is legitimately in those of `connection_test`, `connection_add` and `token_set`.
 */
import type { App } from './app';

/** One thing the web view received. */
export interface Received {
  /** `response` / `error` of a command, `event`, `raw` (a custom-protocol answer), or `other`. */
  kind: 'response' | 'error' | 'event' | 'raw' | 'other';
  /** The command (`invoices_query`), the event name (`fetch-progress`) or the ipc URL. */
  name: string;
  /** JSON.stringify of the data (the body text for `raw`). */
  text: string;
}

/** Installs the recorder once per page (a no-op when it is already there). */
const INSTALL = `
  if (window.__bdE2eIpc) return true;
  const internals = window.__TAURI_INTERNALS__;
  if (!internals || !(internals.callbacks instanceof Map)) return 'no __TAURI_INTERNALS__.callbacks Map';
  const received = [];
  const failures = [];
  Object.defineProperty(window, '__bdE2eIpc', { value: { received, failures } });
  const asText = (data) => {
    if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
    try {
      return JSON.stringify(data) ?? String(data);
    } catch (error) {
      return String(data);
    }
  };
  const commandOf = new Map();
  const noteCommand = (url, init) => {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const headers = new Headers((init && init.headers) || {});
    const callbackHeader = headers.get('Tauri-Callback');
    const errorHeader = headers.get('Tauri-Error');
    const callback = Number(callbackHeader);
    const error = Number(errorHeader);
    if (!name || callbackHeader === null || errorHeader === null || !Number.isFinite(callback) || !Number.isFinite(error)) {
      failures.push('an ipc request without its callback headers: ' + url);
      return;
    }
    commandOf.set(callback, { name, kind: 'response' });
    commandOf.set(error, { name, kind: 'error' });
  };
  const note = (id, data) => {
    const known = commandOf.get(id);
    if (known) {
      received.push({ kind: known.kind, name: known.name, text: asText(data) });
    } else if (data && typeof data === 'object' && typeof data.event === 'string' && 'payload' in data) {
      received.push({ kind: 'event', name: data.event, text: asText(data) });
    } else {
      received.push({ kind: 'other', name: String(id), text: asText(data) });
    }
  };
  const callbacks = internals.callbacks;
  const realGet = Map.prototype.get;
  Object.defineProperty(callbacks, 'get', {
    value: function (id) {
      const handler = realGet.call(this, id);
      if (typeof handler !== 'function') return handler;
      return function (data) {
        try {
          note(id, data);
        } catch (error) {
          failures.push(String(error));
        }
        return handler.apply(this, arguments);
      };
    },
  });
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input && input.url;
    const isIpc = typeof url === 'string' && (url.startsWith('ipc:') || url.startsWith('http://ipc.localhost'));
    if (isIpc) {
      try {
        noteCommand(url, init);
      } catch (error) {
        failures.push(String(error));
      }
    }
    const answer = realFetch.apply(this, arguments);
    if (isIpc) {
      // Cloned before the IPC code reads the body (this reaction is registered first).
      answer
        .then((response) => response.clone().text())
        .then((text) => received.push({ kind: 'raw', name: url, text }), (error) => failures.push(String(error)));
    }
    return answer;
  };
  if (window.fetch === realFetch) failures.push('window.fetch could not be wrapped');
  return true;`;

/** Starts recording in the page of `app`; throws when Tauri's internals are not as expected. */
export async function installIpcRecorder(app: App): Promise<void> {
  const result = await app.session.execute<true | string>(INSTALL);
  if (result !== true) throw new Error(`the IPC recorder could not be installed: ${result}`);
}

/** Everything recorded so far, and the recorder's own failures (expected: none). */
export async function readIpcRecord(app: App): Promise<{ received: Received[]; failures: string[] } | null> {
  return app.session.execute<{ received: Received[]; failures: string[] } | null>(
    'return window.__bdE2eIpc ? { received: window.__bdE2eIpc.received.slice(), failures: window.__bdE2eIpc.failures.slice() } : null;',
  );
}
