import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../core/app';
import { FileKeyCipher } from '../core/connections';
import { exportsDir } from '../core/exports';
import { describeContract } from '../core/router';
import { contract } from '../shared/contract';
import { defaultUserDataDir } from './paths';
import { LOOPBACK } from './security';
import { startWebServer } from './server';

/**
 * `npm run web`: the same UI in a browser. Prints exactly one line on stdout,
 * `Stackdeck web mode: http://127.0.0.1:PORT/?token=...` (scripts and the e2e
 * setup read it); everything else goes to stderr.
 */

const USAGE = `Usage: npm run web -- [--port N] [--host 127.0.0.1] [--token T] [--user-data-dir DIR] [--build]

  --port           port to listen on (default: a free one)
  --host           only 127.0.0.1 is allowed
  --token          access token (default: env STACKDECK_TOKEN, else 32 random bytes)
  --user-data-dir  where profiles and the vault live (default: env STACKDECK_USER_DATA,
                   else ${defaultUserDataDir()})
  --build          rebuild the renderer first (it is built anyway when out/renderer is missing)`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = join(repoRoot, 'out', 'renderer');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: LOOPBACK },
        token: { type: 'string' },
        'user-data-dir': { type: 'string' },
        build: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a number from 0 to 65535 (got ${values.port}).`);
  if (values.host !== LOOPBACK) {
    fail(
      `--host ${values.host} refused: web mode listens on ${LOOPBACK} only, because it gives full access to your connections.`,
    );
  }
  const token = values.token ?? process.env.STACKDECK_TOKEN ?? randomBytes(32).toString('hex');
  const userDataDir = resolve(values['user-data-dir'] ?? process.env.STACKDECK_USER_DATA ?? defaultUserDataDir());
  return { port, token, userDataDir, build: values.build };
}

/** Builds with the project's own electron-vite (all three targets; the renderer is what web mode needs). */
async function buildRenderer(): Promise<void> {
  process.stderr.write('Building the renderer (electron-vite build)...\n');
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  // stdout of the build goes to our stderr: our stdout is reserved for the one URL line.
  const child = spawn(process.execPath, [cli, 'build'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.pipe(process.stderr);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) fail(`The build failed (exit code ${code}); see the output above.`);
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.build || !existsSync(join(rendererDir, 'index.html'))) await buildRenderer();

  // 0700: the directory holds the vault and its key.
  await mkdir(options.userDataDir, { recursive: true, mode: 0o700 });
  const core = await createCore({
    userDataDir: options.userDataDir,
    cipher: new FileKeyCipher(options.userDataDir),
    // The e2e setup turns this on, so every result the UI gets in tests is checked against the contract.
    validateOutputs: process.env.STACKDECK_VALIDATE_OUTPUTS === '1',
    onUnexpectedError: (name, error) => process.stderr.write(`[${name}] ${error.message}\n`),
  });
  let server;
  try {
    server = await startWebServer({
      router: core.router,
      description: describeContract(contract),
      rendererDir,
      token: options.token,
      port: options.port,
      exportsDir: exportsDir(options.userDataDir),
    });
  } catch (error) {
    await core.dispose();
    const busy = typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
    fail(busy ? `Port ${options.port} is in use; pick another with --port, or omit it for a free one.` : String(error));
  }
  process.stdout.write(`Stackdeck web mode: ${server.url}\n`);
  process.stderr.write(`User data: ${options.userDataDir}. Press Ctrl+C to stop.\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`${signal}: closing connections...\n`);
    void (async () => {
      await server.close();
      await core.dispose();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
