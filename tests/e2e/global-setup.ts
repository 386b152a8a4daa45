import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts web mode the way a user does (`tsx src/server/cli.ts`, i.e. `npm run web`)
 * on a free port, with a temp user data directory and a known token, and
 * publishes where it is through the environment, which Playwright's workers
 * inherit:
 *
 *   STACKDECK_E2E_BASE_URL   http://127.0.0.1:PORT
 *   STACKDECK_E2E_TOKEN      the access token
 *   STACKDECK_E2E_USER_DATA  the user data directory (to inspect files on disk)
 *
 * The renderer is rebuilt first when out/renderer is missing or older than
 * src/renderer or src/shared. Returns the teardown (stop the server, remove
 * the directory). The server's log goes to test-results/web-mode.log.
 */

const root = process.cwd();

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  const built = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'shared')));
  return sources > statSync(built).mtimeMs;
}

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () =>
        reject(
          new Error(`web mode did not print its address within ${timeoutMs / 1000} s; see test-results/web-mode.log`),
        ),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = /^Stackdeck web mode: (http:\/\/\S+)$/m.exec(buffered);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with code ${code} before it was ready; see test-results/web-mode.log`));
    });
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'stackdeck-e2e-'));
  const token = process.env.STACKDECK_TOKEN ?? randomBytes(32).toString('hex');
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const log = createWriteStream(join(root, 'test-results', 'web-mode.log'));

  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const require = createRequire(import.meta.url);
  const cli = existsSync(tsx) ? tsx : require.resolve('tsx/cli');
  const args = [
    cli,
    'src/server/cli.ts',
    '--port',
    '0',
    '--user-data-dir',
    userDataDir,
    ...(needsBuild() ? ['--build'] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    // Outputs are checked against the contract while the UI is driven (SERVER_ERROR on a mismatch).
    env: { ...process.env, STACKDECK_TOKEN: token, STACKDECK_VALIDATE_OUTPUTS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  const url = new URL(await waitForUrl(child, 180_000));
  process.env.STACKDECK_E2E_BASE_URL = url.origin;
  process.env.STACKDECK_E2E_TOKEN = token;
  process.env.STACKDECK_E2E_USER_DATA = userDataDir;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    await rm(userDataDir, { recursive: true, force: true });
  };
}
