/**
 * A small W3C WebDriver client over `fetch`: just what the end-to-end tests of the real window
 * need (tauri-driver in front of WebKitWebDriver). Every failed command throws a
 * {@link WebDriverError} naming the command and the driver's error, so a failing test says
 * which step broke.
 */

/**
 * The key under which W3C drivers return an element reference (a fixed `element-…` string);
 * taken from the first reference the driver returns, and sent back the same way.
 */
let elementKey = '';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A WebDriver command that the driver answered with an error (or an unexpected shape). */
export class WebDriverError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
  ) {
    super(`${command}: ${error}: ${message}`);
    this.name = 'WebDriverError';
  }
}

/** Longest wait for one command: a hung driver fails the test instead of the whole run. */
const COMMAND_TIMEOUT_MS = 120_000;

async function call(
  base: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: Json,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<Json> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(timeoutMs) };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json; charset=utf-8' };
    init.body = JSON.stringify(body);
  } else if (method === 'POST') {
    init.headers = { 'content-type': 'application/json; charset=utf-8' };
    init.body = '{}';
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  let parsed: { value?: Json };
  try {
    parsed = JSON.parse(text) as { value?: Json };
  } catch {
    throw new WebDriverError(`${method} ${path}`, `HTTP ${response.status}`, text.slice(0, 500));
  }
  const value = parsed.value ?? null;
  if (!response.ok) {
    const error = value as { error?: string; message?: string } | null;
    throw new WebDriverError(
      `${method} ${path}`,
      error?.error ?? `HTTP ${response.status}`,
      error?.message ?? text.slice(0, 500),
    );
  }
  return value;
}

/** One element of the page, as a driver-side reference. */
export class Element {
  constructor(
    private readonly session: Session,
    readonly id: string,
    /** How it was found, for error messages. */
    readonly selector: string,
  ) {}

  private path(suffix: string): string {
    return `/element/${this.id}${suffix}`;
  }

  async click(): Promise<void> {
    await this.session.command('POST', this.path('/click'));
  }

  /** Types `text` into the element (real key events, so the UI's input handlers run). */
  async type(text: string): Promise<void> {
    await this.session.command('POST', this.path('/value'), { text });
  }

  async clear(): Promise<void> {
    await this.session.command('POST', this.path('/clear'));
  }

  /** The rendered text (what a user sees), per WebDriver's "Get Element Text". */
  async text(): Promise<string> {
    return (await this.session.command('GET', this.path('/text'))) as string;
  }

  async attribute(name: string): Promise<string | null> {
    return (await this.session.command('GET', this.path(`/attribute/${encodeURIComponent(name)}`))) as string | null;
  }

  async property(name: string): Promise<Json> {
    return this.session.command('GET', this.path(`/property/${encodeURIComponent(name)}`));
  }

  async displayed(): Promise<boolean> {
    return (await this.session.command('GET', this.path('/displayed'))) as boolean;
  }

  async find(css: string): Promise<Element> {
    const value = await this.session.command('POST', this.path('/element'), { using: 'css selector', value: css });
    return new Element(this.session, elementId(value, css), `${this.selector} ${css}`);
  }

  async findAll(css: string): Promise<Element[]> {
    const values = (await this.session.command('POST', this.path('/elements'), {
      using: 'css selector',
      value: css,
    })) as Json[];
    return values.map((value) => new Element(this.session, elementId(value, css), `${this.selector} ${css}`));
  }

  /** The reference to pass as an argument to {@link Session.execute}. */
  toJSON(): Json {
    return { [elementKey]: this.id };
  }
}

function elementId(value: Json, selector: string): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entry = Object.entries(value).find(([key]) => key.startsWith('element-'));
    if (entry && typeof entry[1] === 'string') {
      elementKey = entry[0];
      return entry[1];
    }
  }
  throw new WebDriverError('find element', 'bad response', `no element reference for ${selector}: ${JSON.stringify(value)}`);
}

/** WebDriver's codes of the keys that are not characters (W3C WebDriver, "Keyboard actions"). */
export const KEY = {
  tab: '\uE004',
  enter: '\uE007',
  shift: '\uE008',
  control: '\uE009',
  alt: '\uE00A',
  escape: '\uE00C',
  space: '\uE00D',
  pageUp: '\uE00E',
  pageDown: '\uE00F',
  end: '\uE010',
  home: '\uE011',
  left: '\uE012',
  up: '\uE013',
  right: '\uE014',
  down: '\uE015',
} as const;

/** A WebDriver session: one running app window. */
export class Session {
  private constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  /** Starts a session with these capabilities (`alwaysMatch`). */
  static async create(base: string, capabilities: Record<string, Json>, timeoutMs = 60_000): Promise<Session> {
    const body = { capabilities: { alwaysMatch: capabilities } };
    const value = (await call(base, 'POST', '/session', body, timeoutMs)) as {
      sessionId?: string;
    };
    if (typeof value?.sessionId !== 'string') {
      throw new WebDriverError('new session', 'bad response', JSON.stringify(value));
    }
    return new Session(base, value.sessionId);
  }

  command(method: 'GET' | 'POST' | 'DELETE', path: string, body?: Json): Promise<Json> {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** The first element matching `css`; throws `no such element` when there is none. */
  async find(css: string): Promise<Element> {
    const value = await this.command('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, elementId(value, css), css);
  }

  /** Every element matching `css` (possibly none). */
  async findAll(css: string): Promise<Element[]> {
    const values = (await this.command('POST', '/elements', { using: 'css selector', value: css })) as Json[];
    return values.map((value) => new Element(this, elementId(value, css), css));
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the page and returns its result. */
  async execute<T = Json>(script: string, ...args: (Json | Element)[]): Promise<T> {
    return (await this.command('POST', '/execute/sync', { script, args: args as Json[] })) as T;
  }

  /**
   * Runs `script` asynchronously: its last argument is a callback to call with the result.
   * WebKitWebDriver also awaits a Promise returned from a sync script; this is the portable form.
   */
  async executeAsync<T = Json>(script: string, ...args: (Json | Element)[]): Promise<T> {
    return (await this.command('POST', '/execute/async', { script, args: args as Json[] })) as T;
  }

  /**
   * Presses keys on whatever has focus, as a person does (WebDriver's Perform Actions, not a
   * click or a script): each entry of `chords` is pressed in order, its keys held together
   * (`[KEY.control, 'k']` is Ctrl+K) and released in reverse. A plain string entry types its
   * characters one by one.
   */
  async keys(...chords: (string | string[])[]): Promise<void> {
    const actions: Json[] = [];
    for (const chord of chords) {
      const groups = Array.isArray(chord) ? [chord] : [...chord].map((c) => [c]);
      for (const group of groups) {
        for (const value of group) actions.push({ type: 'keyDown', value });
        for (const value of [...group].reverse()) actions.push({ type: 'keyUp', value });
      }
    }
    await this.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.command('DELETE', '/actions');
  }

  /** A PNG of the window's viewport. */
  async screenshot(): Promise<Buffer> {
    return Buffer.from((await this.command('GET', '/screenshot')) as string, 'base64');
  }

  async setTimeouts(timeouts: { script?: number; implicit?: number; pageLoad?: number }): Promise<void> {
    await this.command('POST', '/timeouts', timeouts as Json);
  }

  /** Ends the session; the driver closes the app. */
  async delete(): Promise<void> {
    await this.command('DELETE', '');
  }
}
