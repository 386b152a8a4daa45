/**
 * Containers without a daemon or a registry: Debian's buildah (rootful,
 * `--isolation chroot`, vfs storage) builds and runs the generated
 * Dockerfiles. No registry is reachable, so the base image is made once
 * with debootstrap (rootfs cached under .stack/container/rootfs) and
 * committed as localhost/stackdeck-python-base. It stands in for
 * python:3.11-slim: Debian's python3 (3.11) with a venv at /opt/venv first on
 * PATH, so `python3 -m pip install` works as it does in the official image
 * (Debian's own python3 refuses system-wide pip installs, PEP 668).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CONTAINER_DIR = join(root, '.stack/container');
export const BASE_IMAGE = 'localhost/stackdeck-python-base';
const ROOTFS = join(CONTAINER_DIR, 'rootfs');
const REGISTRIES_CONF = join(CONTAINER_DIR, 'registries.conf');
/** The host's CA bundle: pip on this machine needs it (see /etc/pip.conf); mounted into builds, never copied in. */
export const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function env(): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_REGISTRIES_CONF: REGISTRIES_CONF, BUILDAH_ISOLATION: 'chroot' };
}

function globalArgs(): string[] {
  return ['--root', join(CONTAINER_DIR, 'storage'), '--runroot', join(CONTAINER_DIR, 'run'), '--storage-driver', 'vfs'];
}

/** Runs buildah with this repo's storage and registries; returns trimmed stdout. */
export function buildah(args: readonly string[], timeoutMs = 600_000): string {
  return execFileSync('buildah', [...globalArgs(), ...args], {
    env: env(),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Starts a long-running buildah command (e.g. `run`); the caller owns the child and must kill it. */
export function spawnBuildah(args: readonly string[]): ChildProcess {
  return spawn('buildah', [...globalArgs(), ...args], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

function imageExists(name: string): boolean {
  try {
    return buildah(['images', '--quiet', name], 30_000) !== '';
  } catch {
    return false;
  }
}

/** Makes (once) and returns the local base image's name; minutes on first use, instant afterwards. */
export function ensureBaseImage(): string {
  mkdirSync(CONTAINER_DIR, { recursive: true });
  // No unqualified-search registries: "python:3.11-slim" must never be looked up anywhere.
  writeFileSync(REGISTRIES_CONF, 'unqualified-search-registries = []\n');
  if (imageExists(BASE_IMAGE)) return BASE_IMAGE;
  if (!existsSync(join(ROOTFS, 'opt/venv/bin/python3'))) {
    const tmp = `${ROOTFS}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    execFileSync(
      'debootstrap',
      [
        '--variant=minbase',
        '--include=python3,python3-venv,ca-certificates',
        'bookworm',
        tmp,
        'http://deb.debian.org/debian',
      ],
      { stdio: 'pipe', timeout: 1_200_000 },
    );
    execFileSync('chroot', [tmp, '/usr/bin/python3', '-m', 'venv', '/opt/venv'], { stdio: 'pipe' });
    rmSync(join(tmp, 'var/cache/apt/archives'), { recursive: true, force: true });
    mkdirSync(join(tmp, 'var/cache/apt/archives/partial'), { recursive: true });
    rmSync(ROOTFS, { recursive: true, force: true });
    renameSync(tmp, ROOTFS);
  }
  const ctr = buildah(['from', 'scratch']);
  try {
    const mnt = buildah(['mount', ctr]);
    execFileSync('cp', ['-a', `${ROOTFS}/.`, mnt]);
    buildah(['umount', ctr]);
    buildah([
      'config',
      '--env',
      'PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--env',
      'LANG=C.UTF-8',
      '--cmd',
      'python3',
      ctr,
    ]);
    buildah(['commit', '--quiet', ctr, BASE_IMAGE]);
  } finally {
    buildah(['rm', ctr]);
  }
  return BASE_IMAGE;
}

// `npx tsx tests/support/container-base.ts` makes the image ahead of the tests.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(ensureBaseImage());
}
