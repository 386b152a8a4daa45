import { dialog, safeStorage, utilityProcess, type MessagePortMain } from 'electron';
import { CoreSupervisor, type CoreChild, type HostServices } from '../core/process/supervisor';
import { showSaveDialogFor } from './host-area';
import { createSafeStorageCipher } from './safe-storage-cipher';

/**
 * Core in an Electron `utilityProcess` (the entry is src/core/process/entry.ts,
 * built as out/main/core.js). Main keeps windows, menus, dialogs and
 * safeStorage; core reaches the last two through the host channel, answered
 * here. The supervisor restarts core when it dies.
 */

export function electronCoreChild(entry: string, log: (line: string) => void): CoreChild {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Stackdeck core', stdio: 'pipe' });
  // Core logs to stderr (and to its own log file); show it with main's output.
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.on('error', (type, location) => log(`core process error: ${type} at ${location}`));
  return {
    post: (message, transfer) =>
      transfer !== undefined && transfer.length > 0
        ? child.postMessage(message, transfer as MessagePortMain[])
        : child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
}

/** What only main can do, for core. Create after `app` is ready (safeStorage's Linux backend). */
export function electronHostServices(): HostServices {
  const cipher = createSafeStorageCipher(safeStorage);
  return {
    'cipher.encrypt': async (r) => (await cipher.encrypt(Buffer.from(r.data, 'base64'))).toString('base64'),
    'cipher.decrypt': async (r) => (await cipher.decrypt(Buffer.from(r.data, 'base64'))).toString('base64'),
    'dialog.save': (r) => showSaveDialogFor(r),
    'dialog.confirm': async (r) => {
      const answer = await dialog.showMessageBox({
        type: 'warning',
        buttons: ['Cancel', 'OK'],
        defaultId: 0,
        cancelId: 0,
        message: r.message.slice(0, 500),
        detail: r.detail.slice(0, 2_000),
      });
      return answer.response === 1;
    },
  };
}

export function startCoreProcess(options: {
  entry: string;
  userDataDir: string;
  logDir: string;
  log(line: string): void;
}): CoreSupervisor {
  const info = createSafeStorageCipher(safeStorage);
  const supervisor = new CoreSupervisor({
    spawn: () => electronCoreChild(options.entry, options.log),
    userDataDir: options.userDataDir,
    logDir: options.logDir,
    cipher: { backend: info.backend, needsConsent: info.needsConsent },
    host: electronHostServices(),
    log: options.log,
  });
  return supervisor;
}
