import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NO_ELECTRON_MESSAGE, electronBinary } from '../../scripts/electron-binary.mjs';

/** No Electron binary, no built app: fail before any test, with the reason. */
export default function globalSetup(): void {
  if (electronBinary() === undefined) throw new Error(`The desktop tests cannot run here. ${NO_ELECTRON_MESSAGE}`);
  if (!existsSync(join(process.cwd(), 'out', 'main', 'index.js')))
    throw new Error('out/main/index.js is missing: run `npm run build` (npm run test:desktop does it first).');
}
