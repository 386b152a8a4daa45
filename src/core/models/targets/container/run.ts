/**
 * Build & run the exported container where a Docker or Podman engine
 * answers (engine.ts): the build context (export.ts, as a folder in a
 * temporary directory) goes to POST /build as a tar stream, the image runs
 * with the service's port published on 127.0.0.1 only, /health is awaited,
 * POST /predict smoke tests it with the service's example, then its log is
 * followed until the caller ends the stream. Ending the stream (or the call
 * going away) stops and removes the container; the image is kept, so the
 * user can run it again with the commands shown.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ContainerRunEvent, SmokeResult } from '../../../../shared/contract/models';
import { StackdeckError } from '../../../../shared/errors';
import { freePort } from '../../deploy';
import { detectEngines, engineCall, engineMessage, engineStream, engineTarget, type Target } from './engine';
import { exportBundle } from './export';
import { tarBuffer } from './tar';

export interface ContainerRunOptions {
  serviceDir: string;
  /** ARG BASE of the Dockerfile: the image to build on ('' = the Dockerfile's python:3.11-slim). */
  base: string;
  readyTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

const SERVICE_PORT = '8000/tcp';
const MAX_BUILD_LINES = 2000;

export async function buildAndRun(
  o: ContainerRunOptions,
  emit: (e: ContainerRunEvent) => void,
  signal: AbortSignal,
  own: (cleanup: () => Promise<void>) => void,
): Promise<void> {
  const stage = (stage: Extract<ContainerRunEvent, { type: 'stage' }>['stage'], detail: string) =>
    emit({ type: 'stage', stage, detail });
  const probes = await detectEngines(o.env);
  const engine = probes.find((p) => p.answered);
  if (engine === undefined) throw new StackdeckError('UNREACHABLE', engineMessage(probes), { cause: 'NO_ENGINE' });
  const t = engineTarget(engine);
  stage('engine', engineMessage(probes));

  const name = basename(o.serviceDir)
    .toLowerCase()
    .replace(/[^a-z0-9_.-]/g, '-');
  const image = `localhost/stackdeck-${name}:${Date.now().toString(36)}`;
  const context = await contextTar(o.serviceDir);
  stage('context', `${(context.length / 1024).toFixed(0)} KiB build context (service, model, Dockerfile)`);

  const build = await buildImage(t, context, image, o.base, signal, (lines) => emit({ type: 'build', lines }));
  stage('build', `built ${image} (${build})`);

  const hostPort = await freePort();
  const created = await engineCall(t, {
    method: 'POST',
    path: `/containers/create?name=${encodeURIComponent(`stackdeck-${name}-${Date.now().toString(36)}`)}`,
    body: JSON.stringify({
      Image: image,
      Env: ['WORKERS=1'],
      Labels: { 'io.stackdeck.service': name },
      ExposedPorts: { [SERVICE_PORT]: {} },
      // 127.0.0.1 only: the service takes predictions without authentication.
      HostConfig: { PortBindings: { [SERVICE_PORT]: [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] } },
    }),
    signal,
    timeoutMs: 60_000,
  });
  if (created.status !== 201) throw engineError('create the container', created);
  const id = (JSON.parse(created.body) as { Id: string }).Id;
  const remove = once(() => removeContainer(t, id));
  own(remove);
  try {
    stage('create', `container ${id.slice(0, 12)}`);
    const started = await engineCall(t, { method: 'POST', path: `/containers/${id}/start`, signal, timeoutMs: 60_000 });
    if (started.status !== 204 && started.status !== 304) throw engineError('start the container', started);
    const url = `http://127.0.0.1:${hostPort}`;
    stage('start', `publishes ${SERVICE_PORT} on ${url}`);
    await waitHealthy(t, id, url, o.readyTimeoutMs, signal);
    stage('health', 'GET /health answered 200');
    const smoke = await smokeTest(url, await readFile(join(o.serviceDir, 'example.json'), 'utf8'), signal);
    emit({ type: 'running', engine: engine.engine, endpoint: engine.endpoint, image, container: id, url, smoke });
    await followLogs(t, id, signal, (lines) => emit({ type: 'log', lines }));
  } finally {
    await remove();
  }
}

function once(f: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= f());
}

/** Stop (5 s grace) and remove: without the caller's signal, which is what ended. */
async function removeContainer(t: Target, id: string): Promise<void> {
  await engineCall(t, { method: 'POST', path: `/containers/${id}/stop?t=5`, timeoutMs: 30_000 }).catch(() => undefined);
  await engineCall(t, { method: 'DELETE', path: `/containers/${id}?force=true`, timeoutMs: 30_000 }).catch(
    () => undefined,
  );
}

async function contextTar(serviceDir: string): Promise<Buffer> {
  const tmp = await mkdtemp(join(tmpdir(), 'stackdeck-ctx-'));
  try {
    const out = join(tmp, 'context');
    const r = await exportBundle({ serviceDir, target: 'container', format: 'folder', out });
    const entries = await Promise.all(r.entries.map(async (name) => ({ name, data: await readFile(join(out, name)) })));
    return tarBuffer(entries);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function buildImage(
  t: Target,
  context: Buffer,
  image: string,
  base: string,
  signal: AbortSignal,
  onLines: (lines: string[]) => void,
): Promise<string> {
  const q = new URLSearchParams({ t: image, rm: '1', forcerm: '1' });
  if (base !== '') q.set('buildargs', JSON.stringify({ BASE: base }));
  let partial = '';
  let error: string | null = null;
  const tail: string[] = [];
  let count = 0;
  const status = await engineStream(
    t,
    {
      method: 'POST',
      path: `/build?${q}`,
      body: context,
      contentType: 'application/x-tar',
      signal,
      timeoutMs: 120_000,
    },
    (chunk) => {
      const records = (partial + chunk.toString('utf8')).split('\n');
      partial = (records.pop() ?? '').slice(-1_000_000);
      const lines: string[] = [];
      for (const rec of records) {
        if (rec.trim() === '') continue;
        let m: { stream?: string; error?: string; errorDetail?: { message?: string } };
        try {
          m = JSON.parse(rec) as typeof m;
        } catch {
          m = { stream: rec };
        }
        if (m.error !== undefined || m.errorDetail !== undefined) error = m.errorDetail?.message ?? m.error ?? 'failed';
        for (const l of (m.stream ?? m.error ?? '').split('\n')) if (l.trim() !== '') lines.push(l.slice(0, 4000));
      }
      tail.push(...lines);
      tail.splice(0, Math.max(0, tail.length - 30));
      count += lines.length;
      if (lines.length > 0 && count <= MAX_BUILD_LINES) onLines(lines);
    },
  ).catch((err: unknown) => {
    if (signal.aborted) throw err;
    throw new StackdeckError('UNREACHABLE', `The container engine stopped answering during the build: ${String(err)}`);
  });
  if (status !== 200 || error !== null)
    throw new StackdeckError(
      'SERVER_ERROR',
      `The image build failed${error ? `: ${error}` : ` (HTTP ${status})`}.\n${tail.join('\n')}`,
      { cause: 'BUILD_FAILED' },
    );
  return `${count} lines of build output`;
}

async function waitHealthy(t: Target, id: string, url: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    const inspect = await engineCall(t, { method: 'GET', path: `/containers/${id}/json`, signal, timeoutMs: 10_000 });
    const state = (JSON.parse(inspect.body || '{}') as { State?: { Running?: boolean; ExitCode?: number } }).State;
    if (state?.Running === false) {
      const logs = await lastLogs(t, id);
      throw new StackdeckError(
        'SERVER_ERROR',
        `The container exited (code ${state.ExitCode ?? '?'}) before answering /health:\n${logs}`,
        { cause: 'NOT_HEALTHY' },
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StackdeckError(
    'TIMEOUT',
    `The container did not answer /health within ${timeoutMs / 1000} s:\n${await lastLogs(t, id)}`,
    {
      cause: 'NOT_HEALTHY',
    },
  );
}

async function smokeTest(url: string, example: string, signal: AbortSignal): Promise<SmokeResult> {
  const t0 = performance.now();
  try {
    const r = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: example,
      signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
    });
    const text = (await r.text()).slice(0, 64_000);
    let response: unknown = text;
    try {
      response = JSON.parse(text) as unknown;
    } catch {
      // keep the text
    }
    const latencyMs = performance.now() - t0;
    return r.status === 200
      ? { ok: true, status: r.status, latencyMs, response, error: null }
      : {
          ok: false,
          status: r.status,
          latencyMs,
          response,
          error: `POST /predict answered ${r.status}: ${text.slice(0, 2000)}`,
        };
  } catch (err) {
    return { ok: false, status: null, latencyMs: performance.now() - t0, response: null, error: String(err) };
  }
}

async function lastLogs(t: Target, id: string): Promise<string> {
  const lines: string[] = [];
  await followLogs(t, id, AbortSignal.timeout(5000), (l) => lines.push(...l), false).catch(() => undefined);
  return lines.slice(-25).join('\n') || '(no log)';
}

/**
 * The container's output; without a TTY the engine multiplexes stdout and
 * stderr in frames (a byte for the stream, three zero bytes, a uint32 length).
 */
async function followLogs(
  t: Target,
  id: string,
  signal: AbortSignal,
  onLines: (lines: string[]) => void,
  follow = true,
): Promise<void> {
  let buf = Buffer.alloc(0);
  let partial = '';
  const text = (s: string) => {
    const lines = (partial + s).split('\n');
    partial = (lines.pop() ?? '').slice(-64_000);
    if (lines.length > 0) onLines(lines.map((l) => l.slice(0, 8000)));
  };
  const q = `follow=${follow ? '1' : '0'}&stdout=1&stderr=1&tail=200`;
  await engineStream(t, { method: 'GET', path: `/containers/${id}/logs?${q}`, signal, timeoutMs: 30_000 }, (c) => {
    buf = Buffer.concat([buf, c]);
    while (buf.length >= 8) {
      const framed = buf[0]! <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
      if (!framed) {
        text(buf.toString('utf8'));
        buf = Buffer.alloc(0);
        return;
      }
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) return;
      text(buf.subarray(8, 8 + size).toString('utf8'));
      buf = buf.subarray(8 + size);
    }
  }).catch((err: unknown) => {
    if (!signal.aborted) throw err;
  });
  if (partial !== '') onLines([partial]);
}

function engineError(what: string, r: { status: number; body: string }): StackdeckError {
  let message = r.body.trim();
  try {
    message = (JSON.parse(r.body) as { message?: string }).message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return new StackdeckError(
    'SERVER_ERROR',
    `The container engine could not ${what} (HTTP ${r.status}): ${message.slice(0, 2000)}`,
  );
}
