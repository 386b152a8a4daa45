import { ProfilesExport } from '../../../../shared/contract/connections';

/** Profile export/import files (pure; unit tested). Exports never contain secrets: the contract has no field for them. */

export function exportFileName(now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `stackdeck-profiles-${stamp}.json`;
}

export type ParsedExport = { ok: true; document: ProfilesExport } | { ok: false; message: string };

export function parseExportText(text: string): ParsedExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      message: 'This file is not JSON. Choose a file exported from Stackdeck (stackdeck-profiles-….json).',
    };
  }
  const parsed = ProfilesExport.safeParse(json);
  if (parsed.success) return { ok: true, document: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? ` (at ${first.path.join('.')})` : '';
  return {
    ok: false,
    message: `This is not a Stackdeck profiles export${where}: ${first?.message ?? 'unknown problem'}.`,
  };
}
