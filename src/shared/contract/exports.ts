import { z } from 'zod';
import { method } from './define';

/**
 * The generic export (src/core/export): any area streams rows to a file as
 * CSV (with a header), JSON Lines or a JSON array, inside its own stream
 * handler, and reports progress with `ExportEvent`. The file lands in
 * `<userDataDir>/exports/<id>--<name>`; web mode downloads it at
 * `/api/exports/<id>`, the desktop copies it where the user picks
 * (`host.exports.save`). Old files are deleted after the retention below.
 *
 * An area's export stream input extends `ExportOptions`:
 *
 *   'mongo.documents.export': stream({ input: FindInput.extend(ExportOptions.shape), event: ExportEvent, ... })
 */

export const ExportFormat = z.enum(['csv', 'jsonl', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportOptions = z.object({
  format: ExportFormat.default('csv'),
  /**
   * CSV only: prefix a cell that starts with `=`, `+`, `-`, `@`, tab or
   * carriage return with `'` so a spreadsheet shows it as text instead of
   * running it as a formula. On by default; turn off only for files that no
   * spreadsheet will open.
   */
  csvFormulaGuard: z.boolean().default(true),
  limit: z.number().int().min(1).max(10_000_000).default(1_000_000),
});
export type ExportOptions = z.infer<typeof ExportOptions>;

export const ExportEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    rows: z.number().int(),
    bytes: z.number().int(),
    /** Rows the export will write when known (a count, a limit), else null. */
    total: z.number().int().nullable(),
    /** Source records read so far, when only some are written (a filtered export). */
    scanned: z.number().int().optional(),
    /** Share of the source read so far (0-100), when the area knows it better than rows / total. */
    percent: z.number().min(0).max(100).optional(),
  }),
  z.object({
    type: z.literal('done'),
    /** Opaque id: web mode downloads it at /api/exports/<id>; the desktop saves it with host.exports.save. */
    exportId: z.string(),
    fileName: z.string(),
    /** Absolute path of the file on this machine. */
    path: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
    reason: z.enum(['end', 'limit']),
    /** Source batches left out because they were too large (Kafka with oversizeBatches: skip), the first 100. */
    skippedBatches: z
      .array(z.object({ partition: z.number().int(), offset: z.number().int(), reason: z.string() }))
      .max(100)
      .optional(),
  }),
]);
export type ExportEvent = z.infer<typeof ExportEvent>;

export const ExportsInfo = z.object({
  /** The folder finished exports are kept in. */
  dir: z.string(),
  /** Files older than this are deleted (checked when core starts, hourly, and on exports.info). */
  retentionHours: z.number(),
  files: z.number().int(),
  bytes: z.number().int(),
});
export type ExportsInfo = z.infer<typeof ExportsInfo>;

export const exportsContract = {
  'exports.info': method({
    input: z.object({}),
    output: ExportsInfo,
    summary: 'Where exports are kept, for how long, and how much they take now.',
  }),
} as const;
