import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLog } from '../../../../src/core/models/kept';

/** A kept service's log file as an adopting core reads it: its last lines first, then what follows. */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-filelog-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileLog.tail', () => {
  it('returns a small file whole, then follows it, a line written in two parts arriving once', async () => {
    const path = join(dir, 'service.log');
    await writeFile(path, 'one\ntwo\nthr');
    const log = new FileLog(path);
    expect(await log.tail()).toEqual(['one', 'two']);
    await appendFile(path, 'ee\nfour\n');
    expect(await log.poll()).toEqual(['three', 'four']);
    expect(await log.poll()).toEqual([]);
  });

  it('of a large file returns only the lines within its last 256 KiB, without the one that edge cuts', async () => {
    const path = join(dir, 'service.log');
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${String(i).padStart(5, '0')} ${'x'.repeat(40)}`);
    await writeFile(path, lines.join('\n') + '\n');
    const got = await new FileLog(path).tail();
    expect(got.at(-1)).toBe(lines.at(-1));
    // Every line returned is whole and they are the file's last ones, in order.
    expect(got).toEqual(lines.slice(lines.length - got.length));
    expect(got.join('\n').length + 1).toBeLessThanOrEqual(256 * 1024); // the lines and their newlines
    expect(got.length).toBeGreaterThan(5_000);
  });

  it('of a missing file is empty, and the file is followed once it appears', async () => {
    const path = join(dir, 'later.log');
    const log = new FileLog(path);
    expect(await log.tail()).toEqual([]);
    await writeFile(path, 'started\n');
    expect(await log.poll()).toEqual(['started']);
  });
});
