import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRows } from '../../../../src/core/models/csvRows';
import { LatencyHistogram } from '../../../../src/core/models/loadTest';

const dir = mkdtempSync(join(tmpdir(), 'stackdeck-unit-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LatencyHistogram', () => {
  it('reads percentiles within 1% of the exact ones, whatever the count', () => {
    const h = new LatencyHistogram();
    const values = Array.from({ length: 100_000 }, (_, i) => 0.5 + (i % 1000) * 0.37);
    for (const v of values) h.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      expect(Math.abs(h.quantile(q)! - exact) / exact).toBeLessThan(0.011);
    }
    expect(h.quantile(1)).toBe(h.max);
    expect(new LatencyHistogram().quantile(0.5)).toBeNull();
  });
});

describe('readCsvRows', () => {
  const features = [
    { name: 'tenure', type: 'integer' as const, example: 1 },
    { name: 'plan', type: 'string' as const, example: 'a' },
    { name: 'active', type: 'boolean' as const, example: true },
  ];
  it('reads quoted fields, CRLF, a BOM and blank lines, by header name', async () => {
    const f = join(dir, 'ok.csv');
    writeFileSync(f, '\ufeffplan,extra,tenure,active\r\n"gold, ""plus""",x,3,yes\r\n\r\nbasic,y,-1,0\r\n');
    expect(await readCsvRows(f, features)).toEqual([
      { tenure: 3, plan: 'gold, "plus"', active: true },
      { tenure: -1, plan: 'basic', active: false },
    ]);
  });
  it('names the line and column of a bad value, and a missing column', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'tenure,plan,active\n1.5,a,true\n');
    await expect(readCsvRows(f, features)).rejects.toThrow('CSV line 2, column "tenure": "1.5" is not an integer.');
    writeFileSync(f, 'tenure,plan\n1,a\n');
    await expect(readCsvRows(f, features)).rejects.toThrow('no column for "active"');
    writeFileSync(f, 'tenure,plan,active\n"1,a,true\n');
    await expect(readCsvRows(f, features)).rejects.toThrow('quoted field that never ends');
  });
});
