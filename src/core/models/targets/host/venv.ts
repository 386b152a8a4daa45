/**
 * The host's venvs: one per (Python, its version, requirements.txt content),
 * shared by every deployment of the host user, so a second model with the
 * same requirements (or a redeploy) skips the pip install. A version links
 * the one it runs on as `.venv`; a lock directory holding the installing
 * shell's pid keeps two deploys from building the same venv at once (the
 * second waits, and takes a lock over from a shell that died).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StackdeckError } from '../../../../shared/errors';
import { ROOT, sq, versionDir } from './layout';
import type { HostSession } from './session';

export const VENVS = `${ROOT}/.venvs`;

/** Unreferenced venvs kept for a later deploy with the same requirements; older ones are removed. */
export const SPARE_VENVS = 2;

const CREATED = '__stackdeck_venv_created__';

/** Waits for `$L` (a lock directory) and holds it until the script exits. */
const LOCK = `mkdir -p ${VENVS}
while ! mkdir "$L" 2>/dev/null; do
  p="$(cat "$L/pid" 2>/dev/null || true)"
  if [ -n "$p" ] && ! kill -0 "$p" 2>/dev/null; then rm -rf "$L"; continue; fi
  if [ -z "$p" ] && [ -n "$(find "$L" -maxdepth 0 -mmin +1 2>/dev/null)" ]; then rm -rf "$L"; continue; fi
  sleep 1
done
echo $$ > "$L/pid"
trap 'rm -rf "$L"' EXIT`;

export function venvKey(python: string, pythonVersion: string, requirements: Buffer): string {
  return createHash('sha256').update(`${python}\0${pythonVersion}\0`).update(requirements).digest('hex').slice(0, 16);
}

/**
 * Makes (or reuses) the venv for this version's requirements.txt and links it
 * as the version's `.venv`. Returns whether pip ran.
 */
export async function ensureVenv(
  session: HostSession,
  python: string,
  pythonVersion: string,
  deployment: string,
  version: string,
  localDir: string,
  signal: AbortSignal,
): Promise<{ venv: string; created: boolean }> {
  const key = venvKey(python, pythonVersion, await readFile(join(localDir, 'requirements.txt')));
  const venv = `${VENVS}/${key}`;
  const dir = versionDir(deployment, version);
  // A venv without .stackdeck-ok is half-made (a cancelled or failed pip): it is made again from scratch.
  const script = `cd && set -e
V=${sq(venv)}
L="$V.lock"
${LOCK}
if [ ! -f "$V/.stackdeck-ok" ]; then
  rm -rf "$V"
  echo ${CREATED}
  ${sq(python)} -m venv "$V" 2>&1
  "$V/bin/python" -m pip install --disable-pip-version-check --no-input -r ${sq(`${dir}/requirements.txt`)} 2>&1
  touch "$V/.stackdeck-ok"
fi
touch "$V"
ln -sfn ${sq(`../../.venvs/${key}`)} ${sq(`${dir}/.venv`)}`;
  const r = await session.exec(script, { timeoutMs: 900_000, signal });
  if (r.code !== 0) {
    const out = `${r.stdout}${r.stderr}`.replace(`${CREATED}\n`, '').trim().split('\n').slice(-40).join('\n');
    throw new StackdeckError('SERVER_ERROR', `pip install failed on ${session.label}:\n${out}`, {
      cause: 'PIP_FAILED',
      output: out.slice(-8000),
    });
  }
  return { venv, created: r.stdout.includes(CREATED) };
}

/**
 * Shell text that removes the venvs no version links any more, but the
 * SPARE_VENVS most recently used of them, and any half-made one; a venv being
 * installed (its lock held by a live shell) is left alone.
 */
export function venvCleanupScript(): string {
  // A deploy touches the venv directory it links, so `ls -t` lists the most recently used first.
  return `cd && spare=0
for V in $(ls -td ${VENVS}/*/ 2>/dev/null); do
  V="\${V%/}"; L="$V.lock"
  case "$V" in *.lock) continue ;; esac
  p="$(cat "$L/pid" 2>/dev/null || true)"
  if [ -n "$p" ] && ! kill -0 "$p" 2>/dev/null; then rm -rf "$L"; fi
  mkdir "$L" 2>/dev/null || continue
  used=
  for l in ${ROOT}/*/*/.venv; do [ "$(readlink "$l" 2>/dev/null)" = "../../.venvs/$(basename "$V")" ] && { used=1; break; }; done
  if [ -z "$used" ]; then
    if [ -f "$V/.stackdeck-ok" ] && [ "$spare" -lt ${SPARE_VENVS} ]; then spare=$((spare + 1)); else rm -rf "$V"; fi
  fi
  rmdir "$L"
done`;
}
