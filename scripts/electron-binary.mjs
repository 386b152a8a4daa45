// Where the Electron binary is, without `require('electron')`: since Electron 42
// that require downloads the binary when it is missing, which offline means noise
// and a wait. Mirrors node_modules/electron/index.js. Shared by `npm start`,
// `npm run test:desktop` and the desktop Playwright config.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The executable's absolute path, or undefined when it is not installed. */
export function electronBinary() {
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

export const NO_ELECTRON_MESSAGE =
  "Electron's binary is not installed (node_modules/electron has no dist/: it is downloaded from " +
  'GitHub on first use, which this machine cannot reach). Install it where the network allows ' +
  '(`node node_modules/electron/install.js`), or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron.';
