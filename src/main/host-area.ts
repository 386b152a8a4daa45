import { BrowserWindow, app, dialog, type FileFilter, type SaveDialogOptions } from 'electron';
import { extname, join } from 'node:path';
import type { AreaFactory } from '../core/area';
import { createHostArea } from '../core/process/host';

/**
 * The native save dialog behind `host.exports.save` (core's host area, see
 * src/core/process/host.ts): named like the export, in the Downloads folder,
 * modal to the app window. Core in its utility process asks for it over the
 * host channel (src/main/core-host.ts); `hostArea` mounts it in-process.
 */
export async function showSaveDialogFor(request: { title: string; fileName: string }): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: request.title,
    defaultPath: defaultPathFor(request.fileName),
    filters: filtersFor(request.fileName),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  // Modal to the app window when there is one, so the dialog cannot get lost behind it.
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || choice.filePath === undefined || choice.filePath === '') return null;
  return choice.filePath;
}

export const hostArea: AreaFactory = createHostArea((request) => showSaveDialogFor(request));

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
