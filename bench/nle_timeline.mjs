#!/usr/bin/env node
// Timeline editor frame-time benchmark: 1,000 clips on 8 tracks, measured in headless Chromium.
//
//   node bench/nle_timeline.mjs                 # starts its own backend (temp data dir, web-app/dist must be built)
//   node bench/nle_timeline.mjs --url http://127.0.0.1:8000   # a running studio that serves the built web app
//   options: --clips 1000 --tracks 8 --seconds 3 --headed
//
// Frame times are requestAnimationFrame deltas collected in the page while (a) the playhead is scrubbed across the
// whole timeline (zoomed out so every clip is on screen), (b) a clip is dragged back and forth, (c) Ctrl+wheel zooms
// in and out. Playwright comes from web-app/node_modules; the browser is Debian's Chromium (/usr/bin/chromium, or
// CHROMIUM_PATH).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'web-app', 'package.json'));
const { chromium } = require('playwright');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const CLIPS = Number(opt('clips', 1000));
const TRACKS = Number(opt('tracks', 8));
const SECONDS = Number(opt('seconds', 3));
const HEADED = args.includes('--headed');
// --profile: also print, per scenario, where the long frames went (Long Animation Frames: script vs style/layout) and
// the top functions by self time (CPU profile over CDP).
const PROFILE = args.includes('--profile');

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function startBackend() {
  const dist = join(root, 'web-app', 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('build the web app first: (cd web-app && npm run build)');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'milimo-bench-'));
  const python = process.env.MILIMO_PYTHON ?? join(root, '.venv', 'bin', 'python');
  const child = spawn(python, ['-m', 'uvicorn', 'backend.server:app', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, MILIMO_DATA_DIR: dataDir, MILIMO_WEB_DIST_DIR: dist, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`backend exited:\n${log}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok && (await r.json()).status === 'ok') break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`backend not healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function api(url, method, path, body) {
  const r = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** A project with CLIPS clips over TRACKS video tracks (one ungenerated shot as their source). */
async function seed(url) {
  const project = await api(url, 'POST', '/projects', { name: `Bench ${CLIPS} clips`, width: 256, height: 128, fps: 24 });
  const shot = await api(url, 'POST', `/projects/${project.id}/shots`, { prompt: 'bench', num_frames: 49 });
  for (let i = 1; i < TRACKS; i++) await api(url, 'POST', `/projects/${project.id}/tracks`, { kind: 'video' });
  const state = await api(url, 'GET', `/projects/${project.id}`);
  const tracks = state.tracks.filter((t) => t.kind === 'video');
  const changes = state.clips.map((c) => ({ op: 'delete', id: c.id, version: c.version }));
  const perTrack = Math.ceil(CLIPS / tracks.length);
  for (let i = 0; i < CLIPS; i++) {
    const track = tracks[i % tracks.length];
    const k = Math.floor(i / tracks.length);
    const offset = (i % tracks.length) * 3; // stagger tracks so edges differ
    changes.push({ op: 'create', clip: { track_id: track.id, shot_id: shot.id, start_frame: offset + k * 30, source_in: 0, duration: 24 } });
  }
  await api(url, 'POST', `/projects/${project.id}/timeline/edits`, { changes });
  return { projectId: project.id, frames: perTrack * 30 + tracks.length * 3 };
}

function stats(name, deltas) {
  const d = [...deltas].sort((a, b) => a - b);
  const q = (p) => d[Math.min(d.length - 1, Math.floor(p * d.length))] ?? NaN;
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  return {
    scenario: name,
    frames: d.length,
    mean: mean.toFixed(1),
    median: q(0.5).toFixed(1),
    p95: q(0.95).toFixed(1),
    p99: q(0.99).toFixed(1),
    max: (d[d.length - 1] ?? NaN).toFixed(1),
    over16_7: `${((100 * d.filter((x) => x > 16.7).length) / d.length).toFixed(1)}%`,
    // rAF deltas jitter around 16.7 ms at 60 Hz, so "> 16.7" counts on-time frames too; > 25 ms is a dropped frame.
    over25: `${((100 * d.filter((x) => x > 25).length) / d.length).toFixed(1)}%`,
  };
}

async function measure(page, name, action) {
  let cdp = null;
  if (PROFILE) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
    cdp.__events = [];
    cdp.on('Tracing.dataCollected', (e) => cdp.__events.push(...e.value));
    await page.evaluate(() => {
      window.__loaf = [];
      window.__loafObs?.disconnect();
      window.__loafObs = new PerformanceObserver((l) => window.__loaf.push(...l.getEntries()));
      window.__loafObs.observe({ type: 'long-animation-frame' });
    });
  }
  await page.evaluate(() => {
    const w = window;
    w.__deltas = [];
    w.__rec = true;
    let last = performance.now();
    const tick = (now) => {
      w.__deltas.push(now - last);
      last = now;
      if (w.__rec) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  const deltas = await page.evaluate(() => {
    window.__rec = false;
    return window.__deltas.slice(1);
  });
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    const phases = new Map();
    for (const e of cdp.__events) {
      if (e.ph !== 'X' || !['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'RasterTask', 'CompositeLayers', 'FunctionCall', 'HitTest', 'ParseHTML'].includes(e.name)) continue;
      const p = phases.get(e.name) ?? { ms: 0, n: 0 };
      p.ms += (e.dur ?? 0) / 1000;
      p.n++;
      phases.set(e.name, p);
    }
    console.log(`  trace: ${[...phases].map(([k, v]) => `${k} ${v.ms.toFixed(0)} ms/${v.n}`).join(', ')}`);
    const loaf = await page.evaluate(() =>
      window.__loaf.map((e) => ({
        d: e.duration,
        script: e.scripts.reduce((s, x) => s + x.duration, 0),
        layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        forced: e.scripts.reduce((s, x) => s + x.forcedStyleAndLayoutDuration, 0),
      })),
    );
    const sum = (k) => loaf.reduce((s, e) => s + e[k], 0).toFixed(0);
    console.log(`${name}: ${loaf.length} long frames, total ${sum('d')} ms: script ${sum('script')} (forced style/layout ${sum('forced')}), style+layout+paint ${sum('layout')}`);
    const self = new Map();
    const dt = profile.timeDeltas;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = byId.get(id);
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
    await cdp.detach();
  }
  return stats(name, deltas);
}

async function main() {
  const url = opt('url', null);
  const backend = url ? null : await startBackend();
  const base = url ?? backend.url;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: !HEADED,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const { projectId, frames } = await seed(base);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/#/projects/${projectId}`);
    await page.getByTestId('timeline-summary').filter({ hasText: `${CLIPS} clips` }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const steps = Math.round(SECONDS * 60);
    const rows = [];

    // (a) Scrub: zoomed out until the whole timeline fits, drag across the ruler for SECONDS.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 40; i++) {
      const ruler = await page.getByTestId('ruler').boundingBox();
      const lanes = await page.locator('.tl-scroll').boundingBox();
      if (ruler && lanes && ruler.width <= lanes.width) break;
      await page.keyboard.press('-');
    }
    await page.waitForTimeout(300);
    // Clips on screen: mounted clip boxes, or boxes drawn by the lanes' overview canvases (many clips in view).
    const mounted = await page.evaluate(
      () =>
        document.querySelectorAll('[data-testid="clip"]').length +
        [...document.querySelectorAll('[data-testid="lane-overview"]')].reduce((n, c) => n + Number(c.dataset.count ?? 0), 0),
    );
    const mode = (await page.getByTestId('lane-overview').count()) > 0 ? 'overview' : 'clips';
    const ruler = await page.getByTestId('ruler').boundingBox();
    const scroll = await page.locator('.tl-scroll').boundingBox();
    const span = Math.min(ruler.width, scroll.x + scroll.width - ruler.x) - 4;
    rows.push(
      await measure(page, `scrub (${mounted} clips on screen, ${mode})`, async () => {
        await page.mouse.move(ruler.x + 2, ruler.y + ruler.height / 2);
        await page.mouse.down();
        for (let i = 0; i <= steps; i++) {
          await page.mouse.move(ruler.x + 2 + (span * i) / steps, ruler.y + ruler.height / 2);
          await page.waitForTimeout(16);
        }
        await page.mouse.up();
      }),
    );

    // (b) Drag a clip back and forth (default zoom; snapping on).
    await page.keyboard.press('Home');
    for (let i = 0; i < 40; i++) {
      const z = (await page.getByTestId('clip').count()) > 0 ? await page.getByTestId('clip').first().boundingBox() : null;
      if (z && z.width >= 90) break;
      await page.keyboard.press('+');
      await page.waitForTimeout(50);
    }
    const clip = page.locator('[data-testid="clip"]').nth(2);
    const box = await clip.boundingBox();
    const onScreen = await page.getByTestId('clip').count();
    rows.push(
      await measure(page, `drag a clip (${onScreen} mounted)`, async () => {
        const x0 = box.x + box.width / 2;
        const y0 = box.y + box.height / 2;
        await page.mouse.move(x0, y0);
        await page.mouse.down();
        for (let i = 0; i <= steps; i++) {
          await page.mouse.move(x0 + 300 * Math.sin((i / steps) * Math.PI * 4), y0 + (i % 40 < 20 ? 0 : 60));
          await page.waitForTimeout(16);
        }
        await page.mouse.up();
      }),
    );

    // (c) Ctrl+wheel zoom out and in around the pointer.
    const area = await page.locator('.tl-scroll').boundingBox();
    rows.push(
      await measure(page, 'ctrl+wheel zoom', async () => {
        await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
        await page.keyboard.down('Control');
        for (let i = 0; i <= steps; i++) {
          await page.mouse.wheel(0, i < steps / 2 ? 60 : -60);
          await page.waitForTimeout(16);
        }
        await page.keyboard.up('Control');
      }),
    );

    const edits = await (await fetch(`${base}/projects/${projectId}`)).json();
    console.log(`\n${CLIPS} clips on ${TRACKS} tracks (${frames} frames), ${SECONDS} s per scenario, Chromium ${browser.version()}${HEADED ? '' : ' headless'}; server clips after: ${edits.clips.length}\n`);
    console.table(rows);
    const header = '| scenario | frames | mean | median | p95 | p99 | max | % > 16.7 ms | % > 25 ms |';
    console.log(`\n${header}\n|---|---|---|---|---|---|---|---|---|`);
    for (const r of rows) console.log(`| ${r.scenario} | ${r.frames} | ${r.mean} | ${r.median} | ${r.p95} | ${r.p99} | ${r.max} | ${r.over16_7} | ${r.over25} |`);
  } finally {
    await browser.close();
    backend?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
