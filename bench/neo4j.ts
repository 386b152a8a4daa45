/**
 * `npm run bench:neo4j`: the Neo4j workbench at scale, on the local Neo4j.
 *
 *   npm run bench:neo4j [-- --rounds 3 --skip-graph --skip-stream --sizes 1000 --window 15]
 *
 * 0. Creates (or reuses) 100,000 `:SdBenchNode` nodes and 300,000 `:SD_BENCH`
 *    relationships (node i -> i+1, i+7, i+31 mod N), under their own label and
 *    type so other tests are not slowed (Community edition has one user
 *    database; a dedicated database is not available).
 * 1. Streams the same 100,000-record `MATCH ... RETURN` through Stackdeck's core
 *    (router -> neo4j.query.run -> typed values -> record batches, collected
 *    into an array as the renderer's result model does) and through a bare
 *    neo4j-driver loop reading every field of every record, alternating, and
 *    prints the ratio of the medians (target <= 1.3x). The WebSocket hop of web
 *    mode is not included.
 * 2./3. Lays out 1,000 nodes / 3,000 relationships and 5,000 / 15,000 in the
 *    graph view in Chromium (web mode, as a user): time from "show" until
 *    the ForceAtlas2 worker settles, frames per second on the page meanwhile,
 *    and the longest main-thread task (input responsiveness).
 * Not part of `npm test`.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { createCore } from '../src/core/app';
import { FileKeyCipher } from '../src/core/connections';
import { LOCAL_STACK_DRAFTS, type ProfileDraftInput } from '../src/shared/contract/connections';
import type { RunEvent } from '../src/shared/contract/neo4j/query';
import type { Neo4jValue } from '../src/shared/contract/neo4j/values';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROUNDS = Number(arg('--rounds') ?? 3);
const SKIP_GRAPH = process.argv.includes('--skip-graph');
const PROFILE = process.argv.includes('--profile');
const SKIP_STREAM = process.argv.includes('--skip-stream');
const SIZES = (arg('--sizes') ?? '1000,5000').split(',').map(Number);
/** Seconds: also print fps and longest task over the first seconds of the layout (short A/B runs). */
const WINDOW = arg('--window') === undefined ? null : Number(arg('--window'));
/** With --window: a Chromium trace of that window, to this file (read it with bench/trace-summary.ts). */
const TRACE = arg('--trace');
/**
 * Chromium's graphics: `disable-gpu` (software compositing, WebGL in SwiftShader, each WebGL frame read back to
 * the page) or `swiftshader` (no --disable-gpu: GPU compositing, with ANGLE's SwiftShader as the GL).
 */
const GPU = arg('--gpu') ?? 'disable-gpu';
const GPU_FLAGS: Record<string, string[]> = {
  'disable-gpu': ['--disable-gpu'],
  swiftshader: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
};
/** Also draw the same number of nodes and relationships, moving every frame, on a bare Canvas 2D page. */
const PROBE_2D = process.argv.includes('--probe-2d');
const N = 100_000;
const RELS = 3 * N;
const LABEL = 'SdBenchNode';
const TYPE = 'SD_BENCH';
const URL = 'bolt://127.0.0.1:7687';
const QUERY = `MATCH (n:${LABEL}) RETURN n.i AS i, n.name AS name, n.score AS score, n.tags AS tags`;

const driver = neo4j.driver(URL, { scheme: 'none', credentials: '' }, { disableLosslessIntegers: false });

async function count(q: string): Promise<number> {
  const r = await driver.executeQuery(q);
  return (r.records[0]?.get(0) as { toNumber(): number }).toNumber();
}

async function ensureFixture(): Promise<void> {
  const nodes = await count(`MATCH (n:${LABEL}) RETURN count(n)`);
  const rels = await count(`MATCH ()-[r:${TYPE}]->() RETURN count(r)`);
  if (nodes === N && rels === RELS) {
    console.log(
      `fixture: reusing ${N.toLocaleString('en-US')} nodes and ${RELS.toLocaleString('en-US')} relationships`,
    );
    return;
  }
  console.log('fixture: creating 100,000 nodes and 300,000 relationships …');
  const t0 = performance.now();
  const s = driver.session();
  try {
    await s.run(`MATCH (n:${LABEL}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`);
    await s.run(`CREATE RANGE INDEX sd_bench_i IF NOT EXISTS FOR (n:${LABEL}) ON (n.i)`);
    await s.run('CALL db.awaitIndexes(300)');
    await s.run(
      `UNWIND range(0, ${N - 1}) AS i CALL (i) { CREATE (:${LABEL} {i: i, name: 'node ' + i, score: i / 7.0, tags: ['a', 'b' + (i % 10)]}) } IN TRANSACTIONS OF 10000 ROWS`,
    );
    await s.run(
      `UNWIND range(0, ${N - 1}) AS i CALL (i) { MATCH (a:${LABEL} {i: i}) UNWIND [1, 7, 31] AS d MATCH (b:${LABEL} {i: (i + d) % ${N}}) CREATE (a)-[:${TYPE} {d: d}]->(b) } IN TRANSACTIONS OF 5000 ROWS`,
    );
  } finally {
    await s.close();
  }
  console.log(`fixture: created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function bareDriver(): Promise<number> {
  const t0 = performance.now();
  const s = driver.session({ fetchSize: 500 });
  const rows: unknown[][] = [];
  try {
    for await (const r of s.run(QUERY)) rows.push(r.keys.map((k) => r.get(k)));
  } finally {
    await s.close();
  }
  if (rows.length !== N) throw new Error(`bare driver read ${rows.length} records`);
  return performance.now() - t0;
}

async function benchStream(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-bench-neo4j-'));
  const core = await createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir), validateOutputs: false });
  try {
    const base = LOCAL_STACK_DRAFTS.find((d) => d.kind === 'neo4j');
    if (!base) throw new Error('no local Neo4j draft');
    const profile = await core.router.call('connections.profiles.create', {
      draft: { ...base, name: `bench neo4j ${Date.now()}` } as ProfileDraftInput,
    });
    const viaCore = async (): Promise<number> => {
      const rows: Neo4jValue[][] = [];
      const t0 = performance.now();
      await core.router.subscribe(
        'neo4j.query.run',
        { connectionId: profile.id, query: QUERY, maxRecords: N },
        {
          emit: (e: RunEvent) => {
            if (e.type === 'records') for (const r of e.rows) rows.push(r);
          },
        },
      );
      if (rows.length !== N) throw new Error(`core streamed ${rows.length} records`);
      return performance.now() - t0;
    };
    await bareDriver(); // warm the page cache and the query plan for both
    await viaCore();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      b.push(await bareDriver());
      a.push(await viaCore());
    }
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
    const ma = med(a);
    const mb = med(b);
    console.log(`\n1. Streaming ${N.toLocaleString('en-US')} records (median of ${ROUNDS}):`);
    console.log(`   bare neo4j-driver loop:      ${mb.toFixed(0)} ms (${((N / mb) * 1000).toFixed(0)} records/s)`);
    console.log(`   Stackdeck core result model: ${ma.toFixed(0)} ms (${((N / ma) * 1000).toFixed(0)} records/s)`);
    console.log(`   ratio: ${(ma / mb).toFixed(2)}x (target <= 1.3x)`);
  } finally {
    await core.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

const START_PROBE = `(() => {
  const b = (window.__bench = { frames: [], tasks: [], longest: 0, stop: false, previewEnd: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      b.longest = Math.max(b.longest, e.duration);
      b.tasks.push([e.startTime, e.duration]);
    }
  }).observe({ type: 'longtask' });
  // When the worker stops drawing the moving picture (sigma draws the settled one in that same task).
  const graph = document.querySelector('[data-testid="n4-graph"]');
  if (graph) {
    let was = graph.classList.contains('n4-previewing');
    new MutationObserver(() => {
      const is = graph.classList.contains('n4-previewing');
      if (was && !is && b.previewEnd === null) b.previewEnd = performance.now();
      was = is;
    }).observe(graph, { attributes: true, attributeFilter: ['class'] });
  }
  const tick = (t) => {
    b.frames.push(t);
    if (!b.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const READ_PROBE = `(() => {
  const b = window.__bench;
  b.stop = true;
  const rate = (f) => {
    const span = f[f.length - 1] - f[0];
    let minFps = Infinity;
    for (let i = 0, j = 0; i < f.length; i++) {
      while (j < f.length && f[j] - f[i] < 1000) j++;
      if (j < f.length) minFps = Math.min(minFps, j - i);
    }
    return { fps: span > 0 ? ((f.length - 1) / span) * 1000 : 0, minFps };
  };
  const all = { ...rate(b.frames), longest: b.longest };
  if (b.previewEnd === null) return all;
  // The task that ended the preview (sigma's first draw of the settled picture), and the frames before it.
  const end = b.previewEnd;
  const settle = b.tasks.find(([s, d]) => s <= end && end <= s + d + 50);
  const cut = settle ? settle[0] : end;
  const moving = { ...rate(b.frames.filter((t) => t < cut)), longest: Math.max(0, ...b.tasks.filter(([s, d]) => s + d < cut).map(([, d]) => d)) };
  const t0 = b.frames[0] ?? 0;
  const top = [...b.tasks].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([s, d]) => [Math.round(s - t0), Math.round(d)]);
  return { ...all, moving, settleTask: settle ? settle[1] : null, previewEndAt: Math.round(end - t0), top };
})()`;

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

/** Web mode as `npm run web` starts it (rebuilding the renderer when sources are newer), on a free port. */
async function startWebMode(): Promise<{ base: string; token: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-bench-web-'));
  const token = randomBytes(32).toString('hex');
  const built = join('out', 'renderer', 'index.html');
  const stale = !existsSync(built) || Math.max(newest('src/renderer'), newest('src/shared')) > statSync(built).mtimeMs;
  const child = spawn(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      'src/server/cli.ts',
      '--port',
      '0',
      '--user-data-dir',
      dir,
      ...(stale ? ['--build'] : []),
    ],
    { env: { ...process.env, STACKDECK_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /^Stackdeck web mode: (http:\/\/\S+)$/m.exec(out);
      if (m?.[1]) resolve(new globalThis.URL(m[1]).origin);
    });
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}`)));
  });
  return {
    base,
    token,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Would a Canvas 2D renderer keep 30 fps in software? Draws n nodes (circles) and 3n relationships (lines) at
 * positions that all change every frame, for 5 s, in a page of its own, and counts the frames.
 */
async function probe2d(browser: import('@playwright/test').Browser): Promise<void> {
  const page = await browser.newPage({
    viewport: { width: Number(arg('--width') ?? 1440), height: Number(arg('--height') ?? 900) },
  });
  // The scene: n circles and 3n lines whose positions all change before every frame (as a layout moves them).
  const scene = (n: number) => `
    const n = ${n};
    const xy = new Float32Array(n * 2);
    for (let i = 0; i < n * 2; i++) xy[i] = Math.random();
    const edges = [];
    for (let i = 0; i < n; i++) for (const d of [1, 7, 31]) edges.push(i, (i + d) % n);
    const draw = (ctx, w, h) => {
      for (let i = 0; i < n * 2; i++) xy[i] = Math.min(1, Math.max(0, xy[i] + (Math.random() - 0.5) * 0.004));
      ctx.clearRect(0, 0, w, h);
      ctx.strokeStyle = '#A5ABB6';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let e = 0; e < edges.length; e += 2) {
        const a = edges[e] * 2, b = edges[e + 1] * 2;
        ctx.moveTo(xy[a] * w, xy[a + 1] * h);
        ctx.lineTo(xy[b] * w, xy[b + 1] * h);
      }
      ctx.stroke();
      ctx.fillStyle = '#4C8EDA';
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const x = xy[i * 2] * w, y = xy[i * 2 + 1] * h;
        ctx.moveTo(x + 6, y);
        ctx.arc(x, y, 6, 0, Math.PI * 2);
      }
      ctx.fill();
    };`;
  try {
    for (const inWorker of [false, true]) {
      for (const n of SIZES) {
        await page.setContent('<body style="margin:0"><canvas id="c"></canvas></body>');
        const r = (await page.evaluate(`new Promise((done) => {
          const c = document.getElementById('c');
          c.width = innerWidth * devicePixelRatio;
          c.height = innerHeight * devicePixelRatio;
          c.style.width = innerWidth + 'px';
          c.style.height = innerHeight + 'px';
          const frames = [];
          let longest = 0;
          new PerformanceObserver((l) => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); })
            .observe({ type: 'longtask' });
          const t0 = performance.now();
          let drawn = 0;
          const finish = () => done({ fps: ((frames.length - 1) / (frames[frames.length - 1] - frames[0])) * 1000,
            drawnFps: drawn / ((performance.now() - t0) / 1000), longest });
          ${
            inWorker
              ? `const off = c.transferControlToOffscreen();
          const src = ${JSON.stringify(scene(n))} + "let drawn = 0; onmessage = (e) => { const ctx = e.data.getContext('2d'); const loop = () => { draw(ctx, e.data.width, e.data.height); drawn++; postMessage(drawn); requestAnimationFrame(loop); }; requestAnimationFrame(loop); };";
          const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
          w.onmessage = (e) => (drawn = e.data);
          w.postMessage(off, [off]);
          const tick = (t) => { frames.push(t); if (t - t0 < 5000) requestAnimationFrame(tick); else { w.terminate(); finish(); } };
          requestAnimationFrame(tick);`
              : `${scene(n)}
          const ctx = c.getContext('2d');
          const tick = (t) => { frames.push(t); draw(ctx, c.width, c.height); drawn++; if (t - t0 < 5000) requestAnimationFrame(tick); else finish(); };
          requestAnimationFrame(tick);`
          }
        })`)) as { fps: number; drawnFps: number; longest: number };
        console.log(
          `   Canvas 2D probe ${inWorker ? 'in a worker (OffscreenCanvas)' : 'on the main thread'}, ${n.toLocaleString('en-US')} nodes / ${(3 * n).toLocaleString('en-US')} relationships all moving: picture ${r.drawnFps.toFixed(0)} fps, page ${r.fps.toFixed(0)} fps, longest page task ${r.longest.toFixed(0)} ms`,
        );
      }
    }
  } finally {
    await page.close();
  }
}

interface Rate {
  fps: number;
  minFps: number;
  longest: number;
}
interface Probe extends Rate {
  /** While the worker drew the moving picture (up to the task that drew the settled one). */
  moving?: Rate;
  /** That task: sigma's first draw of the settled picture, with captions. */
  settleTask?: number | null;
  /** ms after the first frame when the preview ended, and the longest tasks as [start, duration] ms. */
  previewEndAt?: number;
  top?: [number, number][];
}

interface LayoutFigures {
  nodes: number;
  rels: number;
  settleMs: number;
  fps: number;
  minFps: number;
  longestTaskMs: number;
}

async function benchGraph(): Promise<void> {
  const web = await startWebMode();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--no-first-run', ...(GPU_FLAGS[GPU] ?? [])],
  });
  if (!GPU_FLAGS[GPU]) throw new Error(`--gpu ${GPU}: one of ${Object.keys(GPU_FLAGS).join(', ')}`);
  console.log(`\nChromium flags: ${(GPU_FLAGS[GPU] ?? []).join(' ')}`);
  try {
    if (PROBE_2D) await probe2d(browser);
    const page = await browser.newPage({
      viewport: { width: Number(arg('--width') ?? 1440), height: Number(arg('--height') ?? 900) },
    });
    await page.goto(`${web.base}/?token=${web.token}`);
    await page.getByTestId('app-shell').waitFor();
    const name = `bench neo4j ${Date.now()}`;
    await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Neo4j', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('URI', { exact: true }).fill(URL);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`).dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Cypher', exact: true }).click();
    const wb = page.getByTestId('n4-workbench');
    await wb.waitFor();
    for (const n of SIZES) {
      const q = `MATCH (a:${LABEL}) WHERE a.i < ${n} OPTIONAL MATCH (a)-[r:${TYPE}]->(b:${LABEL}) WHERE b.i < ${n} RETURN a, r, b`;
      await wb.getByLabel('Max records').fill('100000');
      const content = wb.getByTestId('n4-editor').locator('.cm-content');
      await content.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(q);
      await page.keyboard.press('Escape'); // close the completion popup
      await wb.getByTestId('n4-run').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="n4-result"]')?.getAttribute('data-status') === 'done',
        undefined,
        { timeout: 120_000 },
      );
      await wb.getByLabel('Node limit').fill(String(n));
      await wb.getByTestId('n4-layout').and(page.locator('[data-state="settled"]')).waitFor({ timeout: 120_000 });
      // Measure frames and long tasks from "show" until the layout settles.
      // Scripts run in the page as text: tsx's helpers (__name) do not exist there.
      // First the page at rest (300 nodes drawn, layout settled), as the machine's own reference.
      await page.evaluate(START_PROBE);
      await page.waitForTimeout(3_000);
      const idle = (await page.evaluate(READ_PROBE)) as { fps: number; minFps: number; longest: number };
      console.log(
        `\n   reference, page at rest with 300 nodes drawn: ${idle.fps.toFixed(0)} fps, longest task ${idle.longest.toFixed(0)} ms`,
      );
      await page.evaluate(START_PROBE);
      const t0 = Date.now();
      const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      if (TRACE && WINDOW !== null)
        await browser.startTracing(page, {
          path: TRACE,
          categories: ['toplevel', 'devtools.timeline', 'gpu', 'cc', 'viz', 'blink', 'v8'],
        });
      await wb.getByRole('button', { name: /^Show up to/ }).click();
      if (cdp) {
        await page.waitForTimeout(6000);
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
          profile: {
            nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
            samples: number[];
          };
        };
        const self = new Map<number, number>();
        for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
        const rows = profile.nodes
          .map(
            (nd) =>
              [
                self.get(nd.id) ?? 0,
                `${nd.callFrame.functionName || '(anon)'} ${nd.callFrame.url.split('/').pop()}:${nd.callFrame.lineNumber}`,
              ] as const,
          )
          .sort((a, b) => b[0] - a[0])
          .slice(0, 25);
        for (const r of rows) console.log('   profile', r[0], r[1]);
      }
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="n4-graph"]')?.getAttribute('data-nodes') === String(want),
        n,
        { timeout: 60_000 },
      );
      await wb.getByTestId('n4-layout').and(page.locator('[data-state="running"]')).waitFor({ timeout: 30_000 });
      if (WINDOW !== null) {
        await page.waitForTimeout(Math.max(0, WINDOW * 1000 - (Date.now() - t0)));
        const w = (await page.evaluate(READ_PROBE)) as { fps: number; minFps: number; longest: number };
        console.log(
          `\n   first ${WINDOW} s of the layout of ${n} nodes: ${w.fps.toFixed(1)} fps, longest task ${w.longest.toFixed(0)} ms`,
        );
        await page.evaluate(START_PROBE);
        if (TRACE) await browser.stopTracing();
      }
      await wb.getByTestId('n4-layout').and(page.locator('[data-state="settled"]')).waitFor({ timeout: 300_000 });
      const settleMs = Date.now() - t0;
      const m = (await page.evaluate(READ_PROBE)) as Probe;
      const rels = Number(await wb.getByTestId('n4-graph').getAttribute('data-rels'));
      const previewFrames = Number(await wb.getByTestId('n4-layout').getAttribute('data-preview-frames'));
      const f: LayoutFigures = {
        nodes: n,
        rels,
        settleMs,
        fps: m.fps,
        minFps: Number.isFinite(m.minFps) ? m.minFps : m.fps,
        longestTaskMs: m.longest,
      };
      console.log(
        `\n${n === 1_000 ? 2 : 3}. Graph view, ${f.nodes.toLocaleString('en-US')} nodes / ${f.rels.toLocaleString('en-US')} relationships (Chromium ${GPU_FLAGS[GPU]?.join(' ')}):`,
      );
      console.log(`   layout settled after ${(f.settleMs / 1000).toFixed(1)} s (ForceAtlas2 in its worker)`);
      console.log(
        `   page fps while laying out: ${f.fps.toFixed(0)} average, ${f.minFps} in the worst second (target >= 30)`,
      );
      console.log(`   longest main-thread task: ${f.longestTaskMs.toFixed(0)} ms (input waits at most this long)`);
      console.log(
        `   the moving picture, drawn by the layout worker: ${previewFrames} frames, ${((previewFrames / settleMs) * 1000).toFixed(1)} fps`,
      );
      if (m.moving)
        console.log(
          `   while the worker drew the moving picture: page ${m.moving.fps.toFixed(0)} fps average, ${Number.isFinite(m.moving.minFps) ? m.moving.minFps : '-'} in the worst second, longest task ${m.moving.longest.toFixed(0)} ms`,
        );
      if (m.top)
        console.log(
          `   longest tasks [start ms, duration ms]: ${JSON.stringify(m.top)}; preview ended at ${m.previewEndAt} ms`,
        );
      if (m.settleTask !== undefined && m.settleTask !== null)
        console.log(`   then sigma's first draw of the settled picture: one ${m.settleTask.toFixed(0)} ms task`);
      await page.screenshot({ path: `artifacts/bench-neo4j-graph-${n}.png` });
      // Panning the settled picture: every camera move is a full sigma (WebGL) frame.
      const box = await wb.getByTestId('n4-graph').boundingBox();
      if (box) {
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        await page.evaluate(START_PROBE);
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        const p0 = Date.now();
        for (let k = 0; Date.now() - p0 < 4_000; k++) {
          await page.mouse.move(cx + 150 * Math.sin(k / 10), cy + 100 * Math.cos(k / 10));
          await page.waitForTimeout(16);
        }
        await page.mouse.up();
        const pan = (await page.evaluate(READ_PROBE)) as { fps: number; minFps: number; longest: number };
        console.log(
          `   panning the settled picture for 4 s: page ${pan.fps.toFixed(1)} fps, longest task ${pan.longest.toFixed(0)} ms`,
        );
      }
    }
  } finally {
    await browser.close();
    await web.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--probe-2d-only')) {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--no-first-run', ...(GPU_FLAGS[GPU] ?? [])],
    });
    console.log(`Chromium flags: ${(GPU_FLAGS[GPU] ?? []).join(' ')}`);
    await probe2d(browser).finally(() => browser.close());
    return driver.close();
  }
  await ensureFixture();
  if (!SKIP_STREAM) await benchStream();
  if (!SKIP_GRAPH) await benchGraph();
  await driver.close();
}

main().catch(async (err: unknown) => {
  console.error(err);
  await driver.close();
  process.exit(1);
});
