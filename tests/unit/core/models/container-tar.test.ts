import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tarBuffer } from '../../../../src/core/models/targets/container/tar';

/** The build context's tar, read back by GNU tar (the oracle): names, contents, modes, sizes on block edges. */
const dir = mkdtempSync(join(tmpdir(), 'sd-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tarBuffer', () => {
  it('is read back by tar with the same names, bytes and modes', () => {
    const model = Buffer.alloc(512 * 3, 7); // exactly on a block edge: no padding
    const entries = [
      { name: 'Dockerfile', data: Buffer.from('ARG BASE=python:3.11-slim\nFROM ${BASE}\n') },
      { name: 'model.pkl', data: model },
      { name: 'serve', data: Buffer.from('#!/bin/sh\nexec true\n'), mode: 0o755 },
      { name: 'empty.txt', data: Buffer.alloc(0) },
      { name: 'model/ünïcode.json', data: Buffer.from('{"a":1}') },
    ];
    const file = join(dir, 'ctx.tar');
    writeFileSync(file, tarBuffer(entries));
    const out = join(dir, 'out');
    execFileSync('mkdir', ['-p', out]);
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(
      entries.map((e) => e.name),
    );
    execFileSync('tar', ['-xf', file, '-C', out]);
    for (const e of entries) expect(readFileSync(join(out, e.name)).equals(e.data)).toBe(true);
    expect(statSync(join(out, 'serve')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'Dockerfile')).mode & 0o777).toBe(0o644);
  });

  it('refuses a name longer than the header holds', () => {
    expect(() => tarBuffer([{ name: `${'a'.repeat(101)}`, data: Buffer.alloc(1) }])).toThrow(/too long a name/);
  });
});
