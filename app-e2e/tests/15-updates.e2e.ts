/**
 * Signed updates in the real window, against a local update server with key pairs made by
 * `tauri signer generate` at test time (the tool a release is signed with): the running build
 * finds a newer version at start and verifies its download; a tampered download, a signature
 * by another key, a manifest that pairs a version with another version's download, and an
 * older version are refused with a clear message; with IT's policy file turning checks off,
 * the app makes no request at all. The install itself (dpkg through pkexec) is not run: a
 * test build is not a package, and the dialog says so.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { paths } from '../src/paths';
import { AppUnderTest, clickTestId, renderedInvoiceIds } from '../src/scenario';

const NEWER = '9.0.0';
const work = mkdtempSync(join(process.env.BDESK_E2E_TMP ?? tmpdir(), 'bdesk-e2e-updates-'));
const tauriCli = join(paths.repo, 'ui', 'node_modules', '.bin', 'tauri');

/** A key pair of `tauri signer generate`, without a password. */
function keyPair(name: string): { privatePath: string; pubkey: string } {
  const privatePath = join(work, name);
  execFileSync(tauriCli, ['signer', 'generate', '--ci', '--password', '', '--write-keys', privatePath], { stdio: 'pipe' });
  return { privatePath, pubkey: readFileSync(`${privatePath}.pub`, 'utf8').trim() };
}

/** The `.sig` text of `bytes` signed by `key` for `version`, as a release carries it. */
function sign(key: { privatePath: string }, bytes: Buffer, name: string, version: string): string {
  const file = join(work, name);
  writeFileSync(file, bytes);
  execFileSync(tauriCli, ['signer', 'sign', '--private-key-path', key.privatePath, '--password', '', '--app-version', version, file], {
    stdio: 'pipe',
  });
  return readFileSync(`${file}.sig`, 'utf8').trim();
}

/** The update server: one manifest (replaced per case), the artifacts, and every request. */
class UpdateServer {
  readonly requests: string[] = [];
  manifest: unknown = null;
  readonly artifacts = new Map<string, Buffer>();
  private server: Server | undefined;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = request.url ?? '/';
      this.requests.push(`${request.method} ${path}`);
      if (path === '/latest.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(this.manifest));
        return;
      }
      const artifact = this.artifacts.get(path);
      if (artifact) {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': artifact.length });
        response.end(artifact);
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** Offers `version` with the artifact at `path` and its `signature`. */
  offer(version: string, path: string, signature: string): void {
    this.manifest = {
      version,
      notes: `Billing Desk ${version}: test release`,
      pub_date: '2026-12-01T00:00:00Z',
      platforms: { 'linux-x86_64': { url: `${this.base}${path}`, signature } },
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function updatesText(app: App): Promise<string> {
  return (await app.byTestId('about-updates')).text();
}

/** Waits until the About dialog's update line contains `part`, and returns it. */
function waitForUpdates(app: App, part: string): Promise<string> {
  return app.waitFor(`the update status to say "${part}"`, async () => {
    const text = await updatesText(app);
    return text.includes(part) ? text : undefined;
  });
}

async function checkAgain(app: App): Promise<void> {
  await clickTestId(app, 'about-update-check');
}

const server = new UpdateServer();
const release = keyPair('release.key');
const stranger = keyPair('stranger.key');
const artifact = randomBytes(64 * 1024);
const signature = sign(release, artifact, `billing-desk_${NEWER}_amd64.deb`, NEWER);
const tampered = Buffer.from(artifact);
tampered.writeUInt8(tampered.readUInt8(0) ^ 0xff, 0);

beforeAll(async () => {
  await server.start();
  server.artifacts.set('/good.deb', artifact);
  server.artifacts.set('/tampered.deb', tampered);
  server.offer(NEWER, '/good.deb', signature);
});

afterAll(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('signed updates from a local update server', () => {
  const aut = new AppUnderTest('updates');

  beforeAll(async () => {
    await aut.launch({
      BDESK_TEST_UPDATE_ENDPOINT: `${server.base}/latest.json`,
      BDESK_TEST_UPDATE_PUBKEY: release.pubkey,
    });
  });

  it('finds the newer version at start and says so in the header', async () => {
    const app = aut.app;
    const badge = await app.waitForTestId('header-update');
    expect(await badge.text()).toContain(NEWER);
    expect(server.requests).toContain('GET /latest.json');
  });

  it('downloads it and verifies its signature; a test build is not a package, so it is not installed', async () => {
    const app = aut.app;
    await clickTestId(app, 'header-update');
    await waitForUpdates(app, `${NEWER} is available`);
    await clickTestId(app, 'about-update-download');
    const text = await waitForUpdates(app, 'signature verified');
    expect(text).toContain(NEWER);
    expect(text).toContain('package manager');
    expect(server.requests).toContain('GET /good.deb');
    expect(await app.allByTestId('about-update-install'), 'no install button outside a package').toHaveLength(0);
  });

  it('refuses a tampered download', async () => {
    const app = aut.app;
    server.offer(NEWER, '/tampered.deb', signature);
    await checkAgain(app);
    await waitForUpdates(app, `${NEWER} is available`);
    await clickTestId(app, 'about-update-download');
    const text = await waitForUpdates(app, 'was refused');
    expect(text).toContain('signature does not verify');
    expect(text).toContain('Nothing was installed');
    expect(server.requests).toContain('GET /tampered.deb');
  });

  it('refuses a download signed by another key', async () => {
    const app = aut.app;
    server.artifacts.set('/stranger.deb', artifact);
    server.offer(NEWER, '/stranger.deb', sign(stranger, artifact, 'stranger.deb', NEWER));
    await checkAgain(app);
    await waitForUpdates(app, `${NEWER} is available`);
    await clickTestId(app, 'about-update-download');
    const text = await waitForUpdates(app, 'was refused');
    expect(text).toContain('signature does not verify');
  });

  it('refuses a manifest that pairs a newer version with the download of another', async () => {
    const app = aut.app;
    server.offer('9.1.0', '/good.deb', signature);
    await checkAgain(app);
    await waitForUpdates(app, '9.1.0 is available');
    await clickTestId(app, 'about-update-download');
    const text = await waitForUpdates(app, 'was refused');
    expect(text).toContain(`signed as version ${NEWER}`);
  });

  it('refuses an older version, without offering a download', async () => {
    const app = aut.app;
    const old = '0.0.1';
    server.artifacts.set('/old.deb', artifact);
    server.offer(old, '/old.deb', sign(release, artifact, 'old.deb', old));
    const downloadsBefore = server.requests.filter((r) => r === 'GET /old.deb').length;
    await checkAgain(app);
    const text = await waitForUpdates(app, 'older than this');
    expect(text).toContain(old);
    expect(text).toContain('Nothing was installed');
    expect(await app.allByTestId('about-update-download')).toHaveLength(0);
    expect(server.requests.filter((r) => r === 'GET /old.deb').length).toBe(downloadsBefore);
  });
});

describe('update checks turned off by the policy file', () => {
  const aut = new AppUnderTest('updates-off');

  it('says so in About, and the app makes no request', async () => {
    const policy = join(work, 'policy.toml');
    writeFileSync(policy, '[updates]\ncheck = false\n');
    server.offer(NEWER, '/good.deb', signature);
    const before = server.requests.length;
    const app = await aut.launch({
      BDESK_TEST_UPDATE_ENDPOINT: `${server.base}/latest.json`,
      BDESK_TEST_UPDATE_PUBKEY: release.pubkey,
      BDESK_TEST_POLICY_FILE: policy,
    });
    await app.waitFor('demo invoice rows', async () => (await renderedInvoiceIds(app)).length > 0);
    await clickTestId(app, 'about-button');
    const text = await waitForUpdates(app, 'off');
    expect(text).toContain(`turned off by IT in ${policy}`);
    expect(await app.allByTestId('about-update-check')).toHaveLength(0);
    expect(await app.allByTestId('header-update')).toHaveLength(0);
    expect(server.requests.slice(before), 'no request to the update server').toEqual([]);
  });
});
