// Starts a REAL backend (uvicorn, loopback, a free port, a fresh temporary data dir) that serves the BUILT web app
// from web-app/dist, and the REAL SAM 3 segmentation service beside it (its own free port, the same data dir, tiny
// random-weight model), waits until both GET /health say ok, and stops both afterwards (the returned function is the
// teardown).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';

const STARTUP_TIMEOUT_MS = 240_000; // the first start builds the tiny test models

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

/** A child process whose output goes to a log file, and a stop that waits for it to exit. */
interface Service {
  name: string;
  logPath: string;
  alive(): boolean;
  stop(): Promise<void>;
}

function startService(name: string, python: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logPath: string): Service {
  const log: WriteStream = createWriteStream(logPath);
  const child: ChildProcess = spawn(python, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let alive = true;
  const exited = new Promise<void>((r) =>
    child.on('exit', () => {
      alive = false;
      r();
    }),
  );
  return {
    name,
    logPath,
    alive: () => alive,
    async stop() {
      if (alive) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => alive && child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

async function waitForHealth(url: string, service: Service): Promise<void> {
  const { name, logPath } = service;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (!service.alive()) throw new Error(`the ${name} exited during startup; see ${logPath}`);
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
  throw new Error(`${name} not healthy after ${STARTUP_TIMEOUT_MS / 1000}s (last: ${last}); see ${logPath}`);
}

async function waitForHub(url: string, service: Service): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!service.alive()) throw new Error(`the ${service.name} exited during startup; see ${service.logPath}`);
    try {
      if ((await fetch(`${url}/api/models/Lightricks/LTX-2`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} not up after ${STARTUP_TIMEOUT_MS / 1000}s; see ${service.logPath}`);
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
  process.env.MILIMO_E2E_DATA_DIR = dataDir; // specs that put files beside the studio's (tiny LoRAs) read it
  const resultsDir = join(webAppDir, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const samPort = String(process.env.MILIMO_E2E_SAM_PORT ?? (await freePort()));
  // The tiny director fills every string of a breakdown to its limit: small limits keep its answers quick.
  const director = { MILIMO_DIRECTOR_PROMPT_CHARS: '100', MILIMO_DIRECTOR_MAX_SHOTS: '3', MILIMO_DIRECTOR_MAX_SCENES: '2' };
  const env = { ...process.env, ...director, MILIMO_DATA_DIR: dataDir, SAM_SERVICE_PORT: samPort, PYTHONUNBUFFERED: '1' };

  // A fake model hub on loopback (backend/testing/fake_hub.py: tiny repositories served as the hub API does) that the
  // Models page downloads from; slowed to ~0.4 s a 64 KiB chunk so a download's progress can be seen.
  const hubPort = String(await freePort());
  const hub = startService(
    'fake hub',
    python,
    ['-m', 'backend.testing.fake_hub', '--port', hubPort, '--root', join(dataDir, 'fake-hub'), '--chunk-delay', '0.4'],
    repoRoot,
    env,
    join(resultsDir, 'fake-hub.log'),
  );
  const hubUrl = `http://127.0.0.1:${hubPort}`;

  // The SAM service first (its first start builds the tiny SAM 3 model), then the backend that proxies to it.
  const sam = startService('SAM service', python, ['-m', 'milimo_sam', 'serve'], repoRoot, { ...env, HF_HUB_OFFLINE: '1' }, join(resultsDir, 'sam.log'));
  const backend = startService(
    'backend',
    python,
    ['-m', 'uvicorn', 'backend.server:app', '--host', '127.0.0.1', '--port', port],
    repoRoot,
    { ...env, MILIMO_WEB_DIST_DIR: dist, MILIMO_HUB_ENDPOINT: hubUrl },
    join(resultsDir, 'backend.log'),
  );

  const stop = async () => {
    await Promise.all([backend.stop(), sam.stop(), hub.stop()]);
    if (!process.env.MILIMO_E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await Promise.all([
      waitForHealth(`http://127.0.0.1:${port}`, backend),
      waitForHealth(`http://127.0.0.1:${samPort}`, sam),
      waitForHub(hubUrl, hub),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
