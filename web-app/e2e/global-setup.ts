// Starts a REAL backend (uvicorn, loopback, a free port, a fresh temporary data dir) that serves the BUILT web app
// from web-app/dist, waits until GET /health says ok, and stops it afterwards (the returned function is the teardown).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';

const STARTUP_TIMEOUT_MS = 240_000; // the first start builds the tiny test models

async function waitForHealth(url: string, isAlive: () => boolean, logPath: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the backend exited during startup; see ${logPath}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) {
        const body = (await response.json()) as { status?: string };
        if (body.status === 'ok') return;
        last = JSON.stringify(body);
      } else {
        last = `HTTP ${response.status}`;
      }
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`backend not healthy after ${STARTUP_TIMEOUT_MS / 1000}s (last: ${last}); see ${logPath}`);
}

export default async function globalSetup(config: FullConfig): Promise<(() => Promise<void>) | void> {
  if (process.env.MILIMO_E2E_BASE_URL) return; // testing against a backend someone else runs

  const webAppDir = dirname(resolve(config.configFile ?? ''));
  const repoRoot = resolve(webAppDir, '..');
  const dist = join(webAppDir, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`web-app/dist is not built: run \`npm run build\` in ${webAppDir} first (npm run e2e does)`);
  }
  const python = process.env.MILIMO_PYTHON ?? join(repoRoot, '.venv', 'bin', 'python');
  if (!existsSync(python)) throw new Error(`no Python at ${python}: create the repo's .venv or set MILIMO_PYTHON`);

  const port = process.env.MILIMO_E2E_PORT;
  if (!port) throw new Error('MILIMO_E2E_PORT is not set (playwright.config.ts picks it)');
  const dataDir = mkdtempSync(join(tmpdir(), 'milimo-e2e-'));
  const resultsDir = join(webAppDir, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const logPath = join(resultsDir, 'backend.log');
  const log = createWriteStream(logPath);

  const child = spawn(python, ['-m', 'uvicorn', 'backend.server:app', '--host', '127.0.0.1', '--port', port], {
    cwd: repoRoot,
    env: { ...process.env, MILIMO_DATA_DIR: dataDir, MILIMO_WEB_DIST_DIR: dist, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let alive = true;
  const exited = new Promise<void>((r) =>
    child.on('exit', () => {
      alive = false;
      r();
    }),
  );

  const stop = async () => {
    if (alive) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => alive && child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    if (!process.env.MILIMO_E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(`http://127.0.0.1:${port}`, () => alive, logPath);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
