// A stand-in for the `electron` module, enough to run the BUILT main process
// (out/main/index.js) under plain Node: `app` becomes ready at once, windows and
// menus are recorded, and utilityProcess.fork starts the built core entry as a
// Node child process (the same fallback link core uses in the integration tests).
// What happened is kept in globalThis.__electron for the driver (run-main.mjs).
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

export const record = {
  userData: undefined,
  windows: [],
  menu: [],
  forks: [],
  coreMessages: [],
  sent: [],
  coreExit: undefined,
  quitCalls: 0,
  exited: false,
  exitCode: undefined,
  errors: [],
};
globalThis.__electron = record;

class App extends EventEmitter {
  isPackaged = false;
  #paths = { appData: process.env.FAKE_ELECTRON_APPDATA ?? '/nonexistent' };
  getPath(name) {
    return this.#paths[name] ?? `${this.#paths.appData}/${name}`;
  }
  setPath(name, value) {
    this.#paths[name] = value;
    if (name === 'userData') record.userData = value;
  }
  getVersion() {
    return '0.1.0';
  }
  enableSandbox() {}
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    record.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) record.exited = true;
  }
  exit(code) {
    record.exitCode = code;
    record.exited = true;
  }
}
export const app = new App();

class FakeWebContents extends EventEmitter {
  id = 1;
  send(...args) {
    record.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler() {}
}

export class BrowserWindow extends EventEmitter {
  static #all = [];
  static getAllWindows() {
    return BrowserWindow.#all;
  }
  static getFocusedWindow() {
    return BrowserWindow.#all[0] ?? null;
  }
  constructor(options) {
    super();
    this.webContents = new FakeWebContents();
    this.entry = { options, loads: [], focused: 0 };
    record.windows.push(this.entry);
    BrowserWindow.#all.push(this);
  }
  loadFile(file) {
    this.entry.loads.push(file);
    return Promise.resolve();
  }
  loadURL(url) {
    this.entry.loads.push(url);
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {}
  focus() {
    this.entry.focused++;
  }
  maximize() {}
  setFullScreen() {}
  close() {}
  getNormalBounds() {
    return { x: 10, y: 10, width: 1360, height: 860 };
  }
  isMaximized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
}

let menuTemplate = [];
export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => {
    menuTemplate = menu.template;
    record.menu = menu.template.map((item) => item.label);
  },
};
/** Clicks a menu item, as a user would: clickMenu('File', 'New Connection…'). */
export function clickMenu(top, label) {
  const item = menuTemplate.find((m) => m.label === top)?.submenu?.find((i) => i.label === label);
  if (item?.click === undefined) throw new Error(`no menu item ${top} > ${label}`);
  item.click();
}

export const ipcMain = { on() {}, removeListener() {} };
export class MessageChannelMain {
  port1 = {};
  port2 = {};
}
export const session = {
  defaultSession: {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    webRequest: { onBeforeRequest() {} },
  },
};
export const shell = { openExternal: async () => undefined, openPath: async () => '' };
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from(`sealed:${text}`),
  decryptString: (buffer) => buffer.toString().replace(/^sealed:/, ''),
};
export const dialog = {
  showErrorBox: (title, message) => record.errors.push(`${title}: ${message}`),
  showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
  showSaveDialog: async () => ({ canceled: true }),
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const nativeTheme = { shouldUseDarkColors: false };
export const clipboard = { writeText() {} };

const children = [];
/** Kills the running core process as a crash would (the driver's "core died"). */
export function crashCore() {
  children.at(-1)?.kill('SIGKILL');
}

export const utilityProcess = {
  fork(entry, args, options) {
    record.forks.push({ entry, options });
    const child = fork(entry, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    children.push(child);
    const proc = new EventEmitter();
    child.on('message', (message) => {
      record.coreMessages.push(message?.type);
      proc.emit('message', message);
    });
    child.on('exit', (code) => {
      record.coreExit = code;
      proc.emit('exit', code ?? -1);
    });
    return Object.assign(proc, {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      postMessage: (message) => child.send(message),
      kill: () => child.kill('SIGKILL'),
    });
  },
};

export default {
  app,
  BrowserWindow,
  Menu,
  ipcMain,
  MessageChannelMain,
  session,
  shell,
  safeStorage,
  dialog,
  screen,
  nativeTheme,
  clipboard,
  utilityProcess,
};
