/**
 * Which container engine answers on this machine: Docker (DOCKER_HOST or
 * /var/run/docker.sock) or Podman (its Docker-compatible socket, rootful or
 * per user). "Answers" means GET /_ping returns OK within 2 s; a socket file
 * alone is not enough (a stopped daemon leaves it behind).
 */
import { request } from 'node:http';
import { stat } from 'node:fs/promises';

export interface EngineProbe {
  engine: 'docker' | 'podman';
  endpoint: string;
  answered: boolean;
  /** Why it did not answer, in words. */
  reason: string;
}

export type Target = { socketPath: string } | { host: string; port: number };

/** Where to send Engine API requests for a probe that answered (unix:// or tcp://). */
export function engineTarget(p: EngineProbe): Target {
  if (p.endpoint.startsWith('unix://')) return { socketPath: p.endpoint.slice('unix://'.length) };
  const m = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(p.endpoint);
  return { host: m?.[1] ?? '127.0.0.1', port: Number(m?.[2] ?? 2375) };
}

function ping(target: Target): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? null : `answered HTTP ${res.statusCode ?? '?'}`));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 2 s')));
    req.on('error', (e) => resolve(e.message));
    req.end();
  });
}

async function probeSocket(engine: EngineProbe['engine'], path: string): Promise<EngineProbe> {
  const endpoint = `unix://${path}`;
  const present = await stat(path).then(
    () => true,
    () => false,
  );
  if (!present) return { engine, endpoint, answered: false, reason: `${path} does not exist` };
  const error = await ping({ socketPath: path });
  return { engine, endpoint, answered: error === null, reason: error ?? 'answered' };
}

async function probeDocker(env: NodeJS.ProcessEnv): Promise<EngineProbe> {
  const host = env.DOCKER_HOST;
  if (host === undefined || host === '') return probeSocket('docker', '/var/run/docker.sock');
  if (host.startsWith('unix://')) return probeSocket('docker', host.slice('unix://'.length));
  const m = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(host);
  if (m === null)
    return { engine: 'docker', endpoint: host, answered: false, reason: 'DOCKER_HOST is not unix:// or tcp://' };
  const error = await ping({ host: m[1] ?? '', port: Number(m[2]) });
  return { engine: 'docker', endpoint: host, answered: error === null, reason: error ?? 'answered' };
}

export async function detectEngines(env: NodeJS.ProcessEnv = process.env): Promise<EngineProbe[]> {
  const podmanSockets = ['/run/podman/podman.sock'];
  // Podman's own variable (podman --remote): a socket somewhere else, e.g. a service started for one project.
  const own = env.CONTAINER_HOST?.startsWith('unix://') ? env.CONTAINER_HOST.slice('unix://'.length) : '';
  if (own !== '' && !podmanSockets.includes(own)) podmanSockets.unshift(own);
  if (env.XDG_RUNTIME_DIR) podmanSockets.push(`${env.XDG_RUNTIME_DIR}/podman/podman.sock`);
  return Promise.all([probeDocker(env), ...podmanSockets.map((p) => probeSocket('podman', p))]);
}

/** The sentence the wizard shows. */
export function engineMessage(probes: readonly EngineProbe[]): string {
  const ok = probes.find((p) => p.answered);
  if (ok !== undefined) return `${ok.engine === 'docker' ? 'Docker' : 'Podman'} answers at ${ok.endpoint}.`;
  return `No container engine answers here (${probes.map((p) => `${p.engine}: ${p.reason}`).join('; ')}). Export the build context and build it where Docker or Podman runs.`;
}

/** The Engine API version both Docker (>= 20.10) and Podman's compatible service (>= 3) speak. */
const API = '/v1.41';

export interface EngineRequest {
  method: string;
  path: string;
  body?: Buffer | string;
  contentType?: string;
  signal?: AbortSignal;
  /** No answer (headers) within this: the request is dropped. */
  timeoutMs: number;
}

/**
 * One Engine API request whose answer arrives in chunks (build output, logs);
 * resolves with the status once the answer ends. Aborting `signal` ends it.
 */
export function engineStream(t: Target, r: EngineRequest, onChunk: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (r.body !== undefined) {
      headers['content-type'] = r.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(r.body);
    }
    const req = request({ ...t, path: `${API}${r.path}`, method: r.method, headers, signal: r.signal }, (res) => {
      clearTimeout(timer);
      res.on('data', onChunk);
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`the container engine did not answer ${r.method} ${r.path} in time`)),
      r.timeoutMs,
    );
    req.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(r.body);
  });
}

/** A request with a small JSON (or empty) answer, kept whole (bounded). */
export async function engineCall(t: Target, r: EngineRequest): Promise<{ status: number; body: string }> {
  let body = '';
  const status = await engineStream(t, r, (c) => {
    if (body.length < 1_000_000) body += c.toString('utf8');
  });
  return { status, body };
}
