// `npm run test:desktop`: the Playwright Electron project (tests/desktop/), which
// starts the built app with `_electron.launch`. Not part of `npm test`. Where no
// Electron binary exists it fails at once, saying so: never a silent pass.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NO_ELECTRON_MESSAGE, electronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
if (electronBinary() === undefined) {
  console.error(`npm run test:desktop: FAILED before any test ran. ${NO_ELECTRON_MESSAGE}`);
  process.exit(1);
}
const run = (cli, args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status ?? 1;
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
if (run(electronVite, ['build']) !== 0) process.exit(1);
const playwright = join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
process.exit(run(playwright, ['test', '--config', 'tests/desktop/playwright.config.ts', ...process.argv.slice(2)]));
