// Runs the built main process with the fake `electron`, then plays a user:
// a second launch, a menu command, a renderer crash (reload offered and taken),
// a core crash (main restarts it), then Quit. Prints one JSON report line on stdout.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(new URL('./hooks.mjs', import.meta.url).href);
const main = process.argv[2];
const { record, app, crashCore, clickMenu, BrowserWindow } = await import(
  new URL('./electron.mjs', import.meta.url).href
);

const until = async (what, check, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

await import(pathToFileURL(main).href);
await until('core to be ready', () => record.coreMessages.includes('ready'));
app.emit('second-instance');
const readyAt = { windows: record.windows.length, focused: record.windows[0]?.focused ?? 0 };
clickMenu('File', 'New Connection…');
BrowserWindow.getAllWindows()[0]?.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
await until('the app page to be loaded again', () => (record.windows[0]?.loads.length ?? 0) === 3);
crashCore();
await until('core to be restarted and ready', () => record.coreMessages.filter((m) => m === 'ready').length === 2);
app.quit();
await until('the app to exit after core', () => record.exited);
process.stdout.write(`${JSON.stringify({ ...record, readyAt })}\n`);
process.exit(0);
