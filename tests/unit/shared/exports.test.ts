import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ExportId, exportFileName, isExportId } from '../../../src/shared/exports';

/**
 * The one export-id check, used by web mode's /api/exports/<id> route (through
 * core's findExportIn), by core's lookup, and by the host.exports.save schema.
 * It is what keeps callers inside the exports directory.
 */
describe('export ids', () => {
  it('accepts the ids kafka.messages.export generates', () => {
    for (let i = 0; i < 20; i++) {
      const id = randomUUID();
      expect(isExportId(id)).toBe(true);
      expect(ExportId.safeParse(id).success).toBe(true);
    }
  });

  it('refuses anything that could name another file', () => {
    const bad: unknown[] = [
      '',
      '../../etc/passwd',
      '0b6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1f/../x',
      '0b6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1f--topic.jsonl',
      '0B6F1D2A-1C7E-4A5B-9F3E-2D4C6B8A0E1F',
      '0b6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1f\n',
      ' 0b6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1f',
      '0b6f1d2a1c7e4a5b9f3e2d4c6b8a0e1f',
      '0b6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1',
      'zb6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1f',
      42,
      null,
      undefined,
    ];
    for (const value of bad) {
      expect(isExportId(value), String(value)).toBe(false);
      expect(ExportId.safeParse(value).success, String(value)).toBe(false);
    }
  });

  it('says what an export id is when the schema refuses one', () => {
    const parsed = ExportId.safeParse('report.jsonl');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/export id is the lower-case UUID/);
  });

  it('recovers the original file name only for the matching id', () => {
    const id = '0b6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1f';
    expect(exportFileName(id, `${id}--orders-2026.jsonl`)).toBe('orders-2026.jsonl');
    expect(exportFileName(id, `${id}--a--b.csv`)).toBe('a--b.csv');
    expect(exportFileName(id, `${id}-orders.jsonl`)).toBeUndefined();
    expect(exportFileName(id, `1b6f1d2a-1c7e-4a5b-9f3e-2d4c6b8a0e1f--orders.jsonl`)).toBeUndefined();
  });
});
