import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingLog } from '../../../src/core/log';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);

describe('RotatingLog', () => {
  let dir: string;
  let now = T0;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sd-log-'));
    now = T0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one file per day, scrubbed of secrets', () => {
    const log = new RotatingLog({ dir, now: () => now });
    log.warn('kafka', 'connect failed for kafka://admin:hunter2@127.0.0.1:9092 password=s3cret-value');
    now += DAY;
    log.error('core', 'next day');
    expect(readdirSync(dir).sort()).toEqual(['stackdeck-2026-12-02.log', 'stackdeck-2026-12-03.log']);
    const first = readFileSync(join(dir, 'stackdeck-2026-12-02.log'), 'utf8');
    expect(first).toMatch(/^2026-12-02T10:00:00\.000Z WARN {2}\[kafka\] connect failed/);
    expect(first).not.toContain('hunter2');
    expect(first).not.toContain('s3cret-value');
    expect(readFileSync(join(dir, 'stackdeck-2026-12-03.log'), 'utf8')).toContain('ERROR [core] next day');
  });

  it('keeps only the last few days', () => {
    for (const d of ['2026-11-20', '2026-11-28', '2026-11-29', '2026-12-01']) {
      writeFileSync(join(dir, `stackdeck-${d}.log`), 'old\n');
    }
    writeFileSync(join(dir, 'unrelated.txt'), 'keep me');
    new RotatingLog({ dir, keepDays: 3, now: () => now }).info('t', 'today');
    expect(readdirSync(dir).sort()).toEqual([
      'stackdeck-2026-11-29.log',
      'stackdeck-2026-12-01.log',
      'stackdeck-2026-12-02.log',
      'unrelated.txt',
    ]);
  });

  it('bounds the size of a file and says so once', () => {
    const log = new RotatingLog({ dir, maxBytesPerFile: 2_000, now: () => now });
    for (let i = 0; i < 200; i++) log.info('t', `line ${i} ${'x'.repeat(50)}`);
    const text = readFileSync(log.file, 'utf8');
    expect(text.length).toBeLessThan(2_200);
    expect(text.match(/size limit reached/g)).toHaveLength(1);
  });

  it('captures driver warnings printed on the console', () => {
    const log = new RotatingLog({ dir, now: () => now });
    const printed: unknown[] = [];
    const realWarn = console.warn;
    console.warn = (...args: unknown[]) => void printed.push(args);
    const restore = log.captureConsole('driver');
    try {
      console.warn('KafkaJS: %s retrying', 'broker', { token: 'abc123456' });
    } finally {
      restore();
      console.warn = realWarn;
    }
    expect(printed).toHaveLength(1);
    const text = readFileSync(log.file, 'utf8');
    expect(text).toContain('WARN  [driver] KafkaJS: broker retrying');
    expect(text).not.toContain('abc123456');
  });

  it('a log directory that cannot be written never throws', () => {
    writeFileSync(join(dir, 'blocker'), 'x');
    const log = new RotatingLog({ dir: join(dir, 'blocker', 'logs'), now: () => now });
    expect(() => log.error('t', 'nowhere to go')).not.toThrow();
  });
});
