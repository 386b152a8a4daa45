import { BrowserWindow, app, dialog, type FileFilter, type SaveDialogOptions } from 'electron';
import { extname, join } from 'node:path';
import type { AreaFactory, CoreArea } from '../core/area';
import { copyExportTo, requireExport } from '../core/exports';

/**
 * The desktop's host area: what only the Electron shell can do for the UI.
 * Supplied by main to `createCore` (`[...defaultAreas, hostArea]`), so core
 * stays free of electron and web mode simply has no `host.*` handlers.
 *
 * `host.exports.save` stands in for the browser's download on the desktop: a
 * native save dialog named like the export, then a copy of the stored file
 * (core's `copyExportTo`, unit-tested without electron) to the chosen path.
 */
export const hostArea: AreaFactory = (env): CoreArea => ({
  name: 'host',
  handlers: {
    'host.exports.save': async (input, ctx) => {
      // Checked before the dialog: a missing file is reported at once, not after the user picked a folder.
      const stored = await requireExport(env.userDataDir, input.exportId);
      const options: SaveDialogOptions = {
        title: 'Save export',
        defaultPath: defaultPathFor(stored.fileName),
        filters: filtersFor(stored.fileName),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      // Modal to the app window when there is one, so the dialog cannot get lost behind it.
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      // The dialog cannot be aborted; if the call was cancelled or timed out meanwhile, write nothing.
      ctx.signal.throwIfAborted();
      if (choice.canceled || choice.filePath === undefined || choice.filePath === '') {
        return { saved: false, path: null };
      }
      // Looked up again: the file may have been removed while the dialog was open.
      const current = await requireExport(env.userDataDir, input.exportId);
      const path = await copyExportTo(current, choice.filePath, ctx.signal);
      return { saved: true, path };
    },
  },
});

/** The export's own name in the Downloads folder, as a browser would suggest it. */
function defaultPathFor(fileName: string): string {
  try {
    return join(app.getPath('downloads'), fileName);
  } catch {
    // Some Linux desktops have no Downloads folder: the dialog then opens in its own default place.
    return fileName;
  }
}

function filtersFor(fileName: string): FileFilter[] {
  const ext = extname(fileName).slice(1).toLowerCase();
  const own: FileFilter[] =
    ext === 'csv'
      ? [{ name: 'CSV', extensions: ['csv'] }]
      : ext === 'jsonl'
        ? [{ name: 'JSON Lines', extensions: ['jsonl'] }]
        : [];
  return [...own, { name: 'All files', extensions: ['*'] }];
}
