/**
 * Building and running exported bundles with buildah (no daemon here): the
 * build mounts the host's CA bundle and pip.conf (this machine's pip needs
 * them) read-only for the RUN steps, so neither ends up in the image. Under
 * chroot isolation the container shares the host network, so the service binds
 * 127.0.0.1:<free port> through its BIND variable.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildah, ensureBaseImage, HOST_CA_BUNDLE, spawnBuildah } from '../../support/container-base';

export function buildImage(context: string, tag: string): string {
  const base = ensureBaseImage();
  const mounts = [`${HOST_CA_BUNDLE}:${HOST_CA_BUNDLE}:ro`];
  if (existsSync('/etc/pip.conf')) mounts.push('/etc/pip.conf:/etc/pip.conf:ro');
  return buildah(
    [
      'bud',
      '--isolation',
      'chroot',
      '--pull=never',
      '--build-arg',
      `BASE=${base}`,
      ...mounts.flatMap((m) => ['--volume', m]),
      '--tag',
      tag,
      context,
    ],
    1_500_000,
  );
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs `cmd` in a fresh container of `image`; stop() ends it and removes the container. */
export function runImage(
  image: string,
  name: string,
  env: Record<string, string>,
  cmd: string[],
  volumes: string[] = [],
): Running {
  buildah(['from', '--pull=never', '--name', name, image], 300_000);
  const child = spawnBuildah([
    'run',
    '--isolation',
    'chroot',
    ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...volumes.flatMap((v) => ['--volume', v]),
    name,
    '--',
    ...cmd,
  ]);
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGTERM');
        const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      buildah(['rm', name], 60_000);
    },
  };
}

/** Polls until `url` answers (any status) or the process exits / time runs out. */
export async function waitHttp(url: string, r: Running, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (r.child.exitCode !== null) throw new Error(`the container exited: ${r.output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${url} did not answer: ${r.output()}`);
}
