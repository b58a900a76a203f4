import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// Everything is resolved from this file's location, never from process.cwd().
const webAppDir = dirname(fileURLToPath(import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// The config is evaluated in the runner and again in each worker; workers inherit the runner's environment, so the
// port chosen here (once) is the one global-setup starts the backend on and the one the tests use.
// MILIMO_E2E_BASE_URL points the tests at an already-running backend instead (global-setup then starts nothing).
if (!process.env.MILIMO_E2E_BASE_URL && !process.env.MILIMO_E2E_PORT) {
  process.env.MILIMO_E2E_PORT = String(await freePort());
}
const baseURL = process.env.MILIMO_E2E_BASE_URL ?? `http://127.0.0.1:${process.env.MILIMO_E2E_PORT}`;

export default defineConfig({
  testDir: join(webAppDir, 'e2e'),
  // Playwright empties outputDir on each run; the screenshot and backend.log live one level up, in test-results/.
  outputDir: join(webAppDir, 'test-results', 'playwright'),
  globalSetup: join(webAppDir, 'e2e', 'global-setup.ts'),
  timeout: 300_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
