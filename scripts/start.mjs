// `npm start`: the desktop app via electron-vite (build, then run Electron on
// the build). Electron's binary is fetched by its postinstall, which cannot
// happen offline; then say so in one line and point at web mode.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Where the Electron binary is, without `require('electron')`: since Electron 42
 * that require downloads the binary when it is missing, which offline means noise
 * and a wait. Mirrors node_modules/electron/index.js.
 */
function electronBinary() {
  let pkg;
  try {
    pkg = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const full = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(full) ? full : undefined;
  }
  if (relative === '') return undefined;
  const full = join(pkg, 'dist', relative);
  return existsSync(full) ? full : undefined;
}

if (electronBinary() === undefined) {
  console.error(
    "Electron's binary is not installed here (it downloads on first use and this machine is offline); run `npm run web` for the same UI in a browser.",
  );
  process.exit(1);
}

const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
