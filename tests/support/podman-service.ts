/**
 * A real container engine for the Build & run tests: Debian's podman serving
 * its Docker-compatible API on a socket of the test's own (never the
 * machine-wide /run/podman/podman.sock, which other tests expect absent),
 * rootful, on the same vfs storage as the buildah tests (so the debootstrap
 * base image is there), with no search registries. Settings this machine
 * needs and a user's engine does not: runc (crun refuses hybrid cgroups),
 * cgroupfs (no systemd), and low default ulimits (root here lacks
 * CAP_SYS_RESOURCE, so podman's 1048576 cannot be set).
 *
 * The derived base adds this machine's CA bundle and pip.conf to the
 * debootstrap base: pip inside an Engine API build reaches PyPI through the
 * same TLS-inspecting network as the host, and /build takes no volumes.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildah, CONTAINER_DIR, ensureBaseImage, HOST_CA_BUNDLE } from './container-base';

export const CA_BASE_IMAGE = 'localhost/stackdeck-python-base-ca';

export interface PodmanService {
  socket: string;
  /** The podman CLI on the same storage (the oracle for what runs). */
  podman(args: readonly string[]): string;
  stop(): Promise<void>;
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

/** The debootstrap base plus this machine's trust store and pip settings (once; cached in the storage). */
export function ensureCaBaseImage(): string {
  const base = ensureBaseImage();
  try {
    if (buildah(['images', '--quiet', CA_BASE_IMAGE], 30_000) !== '') return CA_BASE_IMAGE;
  } catch {
    // not made yet ("image not known")
  }
  const ctr = buildah(['from', '--pull=never', base]);
  try {
    buildah(['copy', ctr, HOST_CA_BUNDLE, '/etc/ssl/certs/ca-certificates.crt']);
    if (existsSync('/etc/pip.conf')) buildah(['copy', ctr, '/etc/pip.conf', '/etc/pip.conf']);
    buildah(['commit', '--quiet', ctr, CA_BASE_IMAGE]);
  } finally {
    buildah(['rm', ctr]);
  }
  return CA_BASE_IMAGE;
}

export async function startPodmanService(): Promise<PodmanService> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-podman-'));
  mkdirSync(CONTAINER_DIR, { recursive: true });
  const conf = join(dir, 'containers.conf');
  writeFileSync(
    conf,
    [
      '[containers]',
      // Found by trying: podman's defaults (1048576) and even this process's own hard limits fail in runc here.
      'default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      '',
    ].join('\n'),
  );
  const storage = join(dir, 'storage.conf');
  writeFileSync(
    storage,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(CONTAINER_DIR, 'storage')}"\nrunroot = "${join(CONTAINER_DIR, 'run')}"\n`,
  );
  const env = {
    ...process.env,
    CONTAINERS_CONF: conf,
    CONTAINERS_STORAGE_CONF: storage,
    CONTAINERS_REGISTRIES_CONF: join(CONTAINER_DIR, 'registries.conf'),
  };
  const socket = join(dir, 'podman.sock');
  const child: ChildProcess = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = Date.now() + 30_000;
  while (!(await ping(socket))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`podman system service did not answer on ${socket}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    socket,
    podman: (args) => execFileSync('podman', args, { env, encoding: 'utf8', timeout: 120_000 }).trim(),
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
