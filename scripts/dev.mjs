// `npm run dev`: electron-vite dev (renderer from Vite's dev server with hot
// reload; main and preload rebuilt on change). The page's CSP is relaxed for the
// dev server by electron.vite.config.ts in `serve` only, never in a build.
// Without an Electron binary this stops at once and says so.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NO_ELECTRON_MESSAGE, electronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
if (electronBinary() === undefined) {
  console.error(`npm run dev: ${NO_ELECTRON_MESSAGE}\nFor the same UI in a browser: npm run web.`);
  process.exit(1);
}
const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
