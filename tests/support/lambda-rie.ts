/**
 * The AWS Lambda Runtime Interface Emulator for the Lambda bundle tests: built
 * once with `go build` from the Go module proxy into .stack/bin/aws-lambda-rie
 * (the module is pinned in tests/support/lambda-rie/go.mod; rebuilt when that
 * changes), then run on 127.0.0.1 only: both its invoke address and its
 * runtime API get free loopback ports (its defaults are 0.0.0.0:8080 and
 * 127.0.0.1:9001, which parallel runs would share). The handler runs as
 * `python -m awslambdaric handler.handler` with the bundle folder as cwd and
 * on PYTHONPATH, as Lambda's /var/task is.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MODULE_DIR = join(root, 'tests/support/lambda-rie');
export const RIE_BIN = join(root, '.stack/bin/aws-lambda-rie');
const RIE_PACKAGE = 'github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie';

export function buildRie(): string {
  const newest = Math.max(...['go.mod', 'go.sum', 'tools.go'].map((f) => statSync(join(MODULE_DIR, f)).mtimeMs));
  try {
    if (statSync(RIE_BIN).mtimeMs > newest) return RIE_BIN;
  } catch {
    /* not built yet */
  }
  mkdirSync(join(root, '.stack/bin'), { recursive: true });
  const tmp = `${RIE_BIN}.tmp-${process.pid}`;
  try {
    execFileSync('go', ['build', '-mod=readonly', '-trimpath', '-buildvcs=false', '-o', tmp, RIE_PACKAGE], {
      cwd: MODULE_DIR,
      env: { ...process.env, CGO_ENABLED: '0' },
      stdio: 'pipe',
      timeout: 600_000,
    });
    renameSync(tmp, RIE_BIN);
  } finally {
    rmSync(tmp, { force: true });
  }
  return RIE_BIN;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface Emulator {
  /** POSTs an event to the function and returns the parsed result. */
  invoke: (event: unknown) => Promise<unknown>;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startEmulator(bundleDir: string, python: string): Promise<Emulator> {
  const rie = buildRie();
  const [port, apiPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    rie,
    [
      '--runtime-interface-emulator-address',
      `127.0.0.1:${port}`,
      '--runtime-api-address',
      `127.0.0.1:${apiPort}`,
      python,
      '-m',
      'awslambdaric',
      'handler.handler',
    ],
    {
      cwd: bundleDir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: bundleDir, LANG: 'C.UTF-8', PYTHONPATH: bundleDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  const keep = (b: Buffer): void => {
    out = (out + b.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/2015-03-31/functions/function/invocations`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  // The emulator answers once it listens; the runtime starts (and imports the handler) on the first invoke.
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`aws-lambda-rie exited: ${out}`);
    const up = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > end) {
      await stop();
      throw new Error(`aws-lambda-rie did not listen on 127.0.0.1:${port}: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    invoke: async (event) => {
      const r = await fetch(url, { method: 'POST', body: JSON.stringify(event), signal: AbortSignal.timeout(60_000) });
      const text = await r.text();
      if (r.status !== 200) throw new Error(`invoke answered ${r.status}: ${text}\n${out}`);
      return JSON.parse(text) as unknown;
    },
    output: () => out,
    stop,
  };
}
