import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import type { FullConfig } from '@playwright/test';
import { join } from 'node:path';

/**
 * Starts web mode the way a user does (`tsx src/server/cli.ts`, i.e. `npm run web`)
 * once per Playwright worker, each on a free port with its own temp user data
 * directory and a known token, so spec files run in parallel without sharing
 * profiles or a vault. Where each server is goes through the environment,
 * which the workers inherit (tests/e2e/fixtures.ts picks the one for its
 * worker by TEST_PARALLEL_INDEX):
 *
 *   STACKDECK_E2E_BASE_URL_<i>   http://127.0.0.1:PORT
 *   STACKDECK_E2E_TOKEN_<i>      the access token
 *   STACKDECK_E2E_USER_DATA_<i>  the user data directory (to inspect files on disk)
 *
 * The unsuffixed names point at server 0 for code that runs outside a worker.
 * The renderer is rebuilt first (by server 0, before the others start) when
 * out/renderer is missing or older than src/renderer or src/shared. Returns the
 * teardown (stop the servers, remove the directories). Server i logs to
 * test-results/web-mode-<i>.log.
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

function waitForUrl(child: ChildProcess, timeoutMs: number, index: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `web mode did not print its address within ${timeoutMs / 1000} s; see test-results/web-mode-${index}.log`,
          ),
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
      reject(
        new Error(`web mode exited with code ${code} before it was ready; see test-results/web-mode-${index}.log`),
      );
    });
  });
}

interface WebServer {
  readonly url: string;
  readonly token: string;
  readonly userDataDir: string;
  stop(): Promise<void>;
}

async function startWebServer(index: number, build: boolean): Promise<WebServer> {
  const userDataDir = await mkdtemp(join(tmpdir(), `stackdeck-e2e-${index}-`));
  const token = (index === 0 ? process.env.STACKDECK_TOKEN : undefined) ?? randomBytes(32).toString('hex');
  const log = createWriteStream(join(root, 'test-results', `web-mode-${index}.log`));

  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const require = createRequire(import.meta.url);
  const cli = existsSync(tsx) ? tsx : require.resolve('tsx/cli');
  const args = [cli, 'src/server/cli.ts', '--port', '0', '--user-data-dir', userDataDir, ...(build ? ['--build'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    // Outputs are checked against the contract while the UI is driven (SERVER_ERROR on a mismatch).
    env: { ...process.env, STACKDECK_TOKEN: token, STACKDECK_VALIDATE_OUTPUTS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    await rm(userDataDir, { recursive: true, force: true });
  };
  try {
    const url = new URL(await waitForUrl(child, 180_000, index));
    return { url: url.origin, token, userDataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const count = Math.max(1, config.workers);
  const servers: WebServer[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    // Server 0 builds the renderer when it is stale; the others serve what it built.
    servers.push(await startWebServer(0, needsBuild()));
    servers.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startWebServer(i + 1, false)))));
  } catch (error) {
    await stopAll();
    throw error;
  }
  servers.forEach((server, index) => {
    process.env[`STACKDECK_E2E_BASE_URL_${index}`] = server.url;
    process.env[`STACKDECK_E2E_TOKEN_${index}`] = server.token;
    process.env[`STACKDECK_E2E_USER_DATA_${index}`] = server.userDataDir;
  });
  const first = servers[0];
  if (first !== undefined) {
    process.env.STACKDECK_E2E_BASE_URL = first.url;
    process.env.STACKDECK_E2E_TOKEN = first.token;
    process.env.STACKDECK_E2E_USER_DATA = first.userDataDir;
  }
  return stopAll;
}
