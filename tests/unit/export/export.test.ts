import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvLine, exportRows, guardFormula, plain, sweepExports } from '../../../src/core/export';
import { StackdeckError } from '../../../src/shared/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const columns = [{ key: 'id' }, { key: 'name', title: 'Name' }, { key: 'n' }];
const opts = () => ({ userDataDir: dir, baseName: 'people', columns, signal: new AbortController().signal });

async function* gen(n: number, text = (i: number) => `row ${i}`) {
  for (let i = 0; i < n; i++) yield { id: i, name: text(i), n: BigInt(i) * 10n ** 18n };
}

describe('cells', () => {
  it("prefixes formula starts with ' in CSV by default, and not with the guard off", () => {
    for (const s of ['=1+1', '+1', '-cmd', '@SUM(A1)', '\tx', '\rx']) expect(guardFormula(s)).toBe(`'${s}`);
    expect(guardFormula('plain')).toBe('plain');
    const cols = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];
    expect(csvLine(['=HYPERLINK("x")', -5, { t: 'long', v: '-9007199254740993' }], cols, true)).toBe(
      `"'=HYPERLINK(""x"")",-5,-9007199254740993\n`,
    );
    expect(csvLine(['=1+1', '@a', 'x,y'], cols, false)).toBe('=1+1,@a,"x,y"\n');
  });

  it('keeps typed values exact: longs, decimals, bytes, dates, DocValue trees, null vs empty', () => {
    expect(plain(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(plain({ t: 'decimal', v: '1.10' })).toBe('1.10');
    expect(plain(new Uint8Array([0xff, 0x00]))).toBe('/wA=');
    expect(plain(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02T00:00:00.000Z');
    expect(plain({ t: 'object', v: [['a', { t: 'array', v: [{ t: 'int', v: '1' }, { t: 'null' }] }]] })).toEqual({
      a: [1, null],
    });
    expect(csvLine([null, '', 'a"b\nc'], [{ key: 'x' }, { key: 'y' }, { key: 'z' }], true)).toBe(',,"a""b\nc"\n');
  });
});

describe('exportRows', () => {
  it('writes CSV with a header, JSON Lines and a JSON array; reports progress; names the file by id', async () => {
    const progress: number[] = [];
    const csv = await exportRows({
      ...opts(),
      format: 'csv',
      rows: gen(3),
      progressMs: 0,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(csv).toMatchObject({ rows: 3, reason: 'end' });
    expect(csv.path.startsWith(join(dir, 'exports', `${csv.exportId}--people-`))).toBe(true);
    expect(await readFile(csv.path, 'utf8')).toBe(
      'id,Name,n\n0,row 0,0\n1,row 1,1000000000000000000\n2,row 2,2000000000000000000\n',
    );
    expect(progress.at(-1)).toBe(3);

    const jsonl = await exportRows({ ...opts(), format: 'jsonl', rows: gen(2) });
    expect(
      (await readFile(jsonl.path, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { id: 0, name: 'row 0', n: 0 },
      { id: 1, name: 'row 1', n: '1000000000000000000' },
    ]);
    const json = await exportRows({ ...opts(), format: 'json', rows: [[1, 'a', null]], limit: 5 });
    expect(JSON.parse(await readFile(json.path, 'utf8'))).toEqual([{ id: 1, name: 'a', n: null }]);
    const empty = await exportRows({ ...opts(), format: 'json', rows: [] });
    expect(JSON.parse(await readFile(empty.path, 'utf8'))).toEqual([]);
    const limited = await exportRows({ ...opts(), format: 'jsonl', rows: gen(10), limit: 4 });
    expect(limited).toMatchObject({ rows: 4, reason: 'limit' });
  });

  it('cancel removes the partial file', async () => {
    const controller = new AbortController();
    async function* slow() {
      for (let i = 0; ; i++) {
        if (i === 1000) controller.abort(new StackdeckError('CANCELLED', 'cancelled'));
        yield [i, 'x', i];
      }
    }
    await expect(
      exportRows({ ...opts(), format: 'csv', rows: slow(), signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(join(dir, 'exports'))).toEqual([]);
  });

  it('a write that fails half-way (file size limit, EFBIG) ends with a clear error and removes the partial file', async () => {
    // A real kernel refusal mid-file: lower this process's file-size limit
    // (RLIMIT_FSIZE) to 64 KiB for the duration of the export. Node ignores
    // SIGXFSZ, so the write fails with EFBIG instead of killing the process.
    const limit = (value: string): void => {
      execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${value}`]);
    };
    limit('65536:unlimited');
    let error: unknown;
    try {
      await exportRows({ ...opts(), format: 'csv', rows: gen(20_000, (i) => `a fairly long row of text number ${i}`) });
    } catch (e) {
      error = e;
    } finally {
      limit('unlimited:unlimited');
    }
    expect(error).toBeInstanceOf(StackdeckError);
    expect((error as StackdeckError).code).toBe('SERVER_ERROR');
    expect((error as StackdeckError).message).toMatch(/could not be written .* largest file/);
    expect((error as StackdeckError).detail).toMatchObject({ fsCode: 'EFBIG' });
    expect(await readdir(join(dir, 'exports'))).toEqual([]);
  });

  it('an exports folder that cannot be written ends with a clear error, not a crash', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    // chmod does not stop root; the immutable attribute does.
    const root = process.getuid?.() === 0;
    if (root) execFileSync('chattr', ['+i', locked]);
    else execFileSync('chmod', ['0500', locked]);
    try {
      const failed = await exportRows({ ...opts(), dir: locked, format: 'jsonl', rows: gen(5) }).catch(
        (e: unknown) => e,
      );
      expect(failed).toBeInstanceOf(StackdeckError);
      expect((failed as StackdeckError).message).toMatch(/permission was denied/);
    } finally {
      if (root) execFileSync('chattr', ['-i', locked]);
      else execFileSync('chmod', ['0700', locked]);
    }
    expect(await readdir(locked)).toEqual([]);
  });
});

describe('retention', () => {
  it('deletes exports older than the retention, keeps newer ones and files that are not exports', async () => {
    const exportsDir = join(dir, 'exports');
    await mkdir(exportsDir);
    const oldOne = join(exportsDir, '11111111-1111-4111-8111-111111111111--old.csv');
    const newOne = join(exportsDir, '22222222-2222-4222-8222-222222222222--new.csv');
    const other = join(exportsDir, 'notes.txt');
    for (const f of [oldOne, newOne, other]) await writeFile(f, 'x');
    const past = (Date.now() - 25 * 3_600_000) / 1000;
    await utimes(oldOne, past, past);
    await utimes(other, past, past);
    expect(await sweepExports(exportsDir, 24 * 3_600_000)).toEqual(['11111111-1111-4111-8111-111111111111--old.csv']);
    expect((await readdir(exportsDir)).sort()).toEqual(['22222222-2222-4222-8222-222222222222--new.csv', 'notes.txt']);
  });
});
