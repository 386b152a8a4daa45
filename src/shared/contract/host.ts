import { z } from 'zod';
import { ExportId } from '../exports';
import { method } from './define';

/**
 * The host area: what the shell around the UI does for it, rather than a data
 * server. Only the desktop shell (src/main) implements these methods; in web
 * mode the browser is the host (it downloads files itself), so the router
 * answers NOT_FOUND there and the UI does not offer them.
 */

export const SaveExportInput = z.object({ exportId: ExportId });
export type SaveExportInput = z.infer<typeof SaveExportInput>;

export const SaveExportResult = z.object({
  /** False when the user cancelled the save dialog. */
  saved: z.boolean(),
  /** Where the file was written; null when not saved. */
  path: z.string().nullable(),
});
export type SaveExportResult = z.infer<typeof SaveExportResult>;

export const host = {
  'host.exports.save': method({
    input: SaveExportInput,
    output: SaveExportResult,
    summary:
      'Desktop only: asks where to save a finished export (a native save dialog, named like the export) and copies the file there.',
    // `writes: false` on purpose: the read-only guard protects data servers, and
    // this writes only to the user's own disk, to a path they just picked.
    writes: false,
    // The deadline covers the time the user spends in the save dialog, plus
    // copying up to a 1,000,000-message file; the interactive 10 s default would
    // time out under a user who is still choosing a folder.
    timeoutMs: 30 * 60_000,
  }),
} as const;
