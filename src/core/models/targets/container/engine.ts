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

type Target = { socketPath: string } | { host: string; port: number };

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
  if (env.XDG_RUNTIME_DIR) podmanSockets.push(`${env.XDG_RUNTIME_DIR}/podman/podman.sock`);
  return Promise.all([probeDocker(env), ...podmanSockets.map((p) => probeSocket('podman', p))]);
}

/** The sentence the wizard shows. */
export function engineMessage(probes: readonly EngineProbe[]): string {
  const ok = probes.find((p) => p.answered);
  if (ok !== undefined) return `${ok.engine === 'docker' ? 'Docker' : 'Podman'} answers at ${ok.endpoint}.`;
  return `No container engine answers here (${probes.map((p) => `${p.engine}: ${p.reason}`).join('; ')}). Export the build context and build it where Docker or Podman runs.`;
}
