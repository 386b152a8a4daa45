import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogTailer } from '../../../../src/core/models/predictionLog/tailer';

let dir: string;
let path: string;
let tailer: LogTailer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-tailer-'));
  path = join(dir, 'predictions.jsonl');
});
afterEach(async () => {
  await tailer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('prediction log tailer', () => {
  it('reads nothing before the file exists, then complete lines only, keeping a partial line for later', async () => {
    tailer = new LogTailer(path);
    expect(await tailer.poll()).toEqual([]);
    await appendFile(path, '{"id":"a"}\n{"id":');
    expect(await tailer.poll()).toEqual(['{"id":"a"}']);
    expect(await tailer.poll()).toEqual([]);
    await appendFile(path, '"b"}\n\n{"id":"c"}\n');
    expect(await tailer.poll()).toEqual(['{"id":"b"}', '{"id":"c"}']);
  });

  it('rotates once past rotateBytes, reads a write that raced the rename, and follows the new file', async () => {
    tailer = new LogTailer(path, { rotateBytes: 20 });
    await appendFile(path, '{"id":"1234567890"}\n{"id":"2"}\n');
    expect(await tailer.poll()).toEqual(['{"id":"1234567890"}', '{"id":"2"}']);
    expect(tailer.rotations).toBe(1);
    expect(existsSync(path)).toBe(false);
    // A worker that had not noticed the rename yet still writes to the old file ...
    await appendFile(`${path}.1`, '{"id":"late"}\n');
    // ... and the others to the new one.
    await appendFile(path, '{"id":"new"}\n');
    expect(await tailer.poll()).toEqual(['{"id":"late"}', '{"id":"new"}']);
    await tailer.poll();
    await tailer.poll();
    expect(existsSync(`${path}.1`)).toBe(false); // the renamed file is deleted after draining
    await appendFile(path, '{"id":"more"}\n');
    expect(await tailer.poll()).toEqual(['{"id":"more"}']);
  });

  it('bounds memory: a partial line over 64 KiB is dropped and counted', async () => {
    tailer = new LogTailer(path);
    await appendFile(path, 'x'.repeat(70 * 1024));
    expect(await tailer.poll()).toEqual([]);
    expect(tailer.overlong).toBe(1);
    expect((await stat(path)).size).toBe(70 * 1024);
  });
});
