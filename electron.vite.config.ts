import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { devCspPlugin } from './scripts/csp';

// Main bundles src/core and src/shared in; npm dependencies stay external
// (electron-vite's default `externalizeDeps`). The embedded store is
// `node:sqlite`, a Node builtin: no native module is bundled or rebuilt.
//
// The preload runs sandboxed (webPreferences.sandbox: true), where Electron
// loads it as a classic script with a limited `require` (electron and a few Node
// polyfills only): it must be CommonJS and self-contained, so its dependencies
// (zod, via the contract's names) are bundled rather than externalized. The
// `.cjs` extension keeps it CommonJS under the package's "type": "module".
export default defineConfig({
  main: {
    // `core`: the utilityProcess entry (src/core/process/entry.ts), forked by main as out/main/core.js.
    // `celWorker`: the worker thread core evaluates CEL filters in (src/core/kafka/messages/celSandbox.ts
    // starts out/main/celWorker.js).
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          core: resolve('src/core/process/entry.ts'),
          celWorker: resolve('src/core/kafka/messages/celWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: { rolldownOptions: { input: { index: resolve('src/renderer/index.html') } } },
    // devCspPlugin applies to `npm run dev` only (Vite `serve`); builds keep the strict policy.
    plugins: [react(), devCspPlugin()],
  },
});
