import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * The CSP the app runs under, taken from tauri.conf.json so the browser tests (vite preview)
 * enforce exactly the policy of the real window: a violation fails a test here first.
 */
function appCsp(): string {
  const conf = JSON.parse(
    readFileSync(new URL('../src-tauri/tauri.conf.json', import.meta.url), 'utf8'),
  ) as {
    app: { security: { csp: Record<string, string> } };
  };
  return Object.entries(conf.app.security.csp)
    .map(([directive, sources]) => `${directive} ${sources}`)
    .join('; ');
}

export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  preview: {
    port: 4173,
    strictPort: true,
    headers: { 'Content-Security-Policy': appCsp() },
  },
  build: {
    target: 'es2022',
    // No data: URLs, so img-src and font-src stay 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
