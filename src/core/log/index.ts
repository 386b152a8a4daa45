import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { scrubSecrets } from '../rpc/scrub';

/**
 * Stackdeck's log file: one file per day in `<userData>/logs/`
 * (`stackdeck-YYYY-MM-DD.log`), the last few days kept, each file bounded in
 * size, every line scrubbed of anything that looks like a secret
 * (rpc/scrub.ts) before it reaches the disk. Written by the desktop's core
 * process (src/core/process/entry.ts; web mode logs to its terminal, the issue
 * asks for the file in the desktop app); `captureConsole` adds what drivers print
 * (kafkajs, the Cassandra and Mongo drivers warn through the console).
 *
 * Writes are synchronous appends of one line: a crash loses nothing already
 * logged, and a full or read-only disk only stops the log (never core).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogOptions {
  dir: string;
  /** Files kept, today's included. Default 7. */
  keepDays?: number;
  /** Per file; past it one line says so and the rest of the day is dropped. Default 10 MiB. */
  maxBytesPerFile?: number;
  now?: () => number;
}

const FILE = /^stackdeck-(\d{4}-\d{2}-\d{2})\.log$/;
const MAX_LINE = 16 * 1024;

export class RotatingLog {
  readonly dir: string;
  private readonly keepDays: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private day = '';
  private bytes = 0;
  private full = false;
  private broken = false;

  constructor(options: LogOptions) {
    this.dir = options.dir;
    this.keepDays = Math.max(1, options.keepDays ?? 7);
    this.maxBytes = options.maxBytesPerFile ?? 10 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** Today's file. */
  get file(): string {
    return join(this.dir, `stackdeck-${this.day || dayOf(this.now())}.log`);
  }

  write(level: LogLevel, source: string, message: string): void {
    if (this.broken) return;
    const at = this.now();
    const today = dayOf(at);
    try {
      if (today !== this.day) this.rotate(today);
      if (this.full) return;
      let text = scrubSecrets(message.replace(/\r?\n(?!\s)/g, '\n  '));
      if (text.length > MAX_LINE) text = `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)`;
      const line = `${new Date(at).toISOString()} ${level.toUpperCase().padEnd(5)} [${source}] ${text}\n`;
      const size = Buffer.byteLength(line);
      if (this.bytes + size > this.maxBytes) {
        this.full = true;
        appendFileSync(
          this.file,
          `${new Date(at).toISOString()} WARN  [log] size limit reached; more lines today are dropped\n`,
        );
        return;
      }
      appendFileSync(this.file, line, { mode: 0o600 });
      this.bytes += size;
    } catch {
      // No disk for the log: keep core running without it.
      this.broken = true;
    }
  }

  info(source: string, message: string): void {
    this.write('info', source, message);
  }
  warn(source: string, message: string): void {
    this.write('warn', source, message);
  }
  error(source: string, message: string): void {
    this.write('error', source, message);
  }

  /**
   * Copies console.warn / console.error (and console.log / info as info) into
   * the log, still printing them. Returns a function that restores the console.
   */
  captureConsole(source = 'console'): () => void {
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    const wrap =
      (level: LogLevel, print: (...args: unknown[]) => void) =>
      (...args: unknown[]): void => {
        this.write(level, source, format(...args));
        print(...args);
      };
    console.log = wrap('info', original.log);
    console.info = wrap('info', original.info);
    console.warn = wrap('warn', original.warn);
    console.error = wrap('error', original.error);
    return () => Object.assign(console, original);
  }

  private rotate(today: string): void {
    this.day = today;
    this.full = false;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    try {
      this.bytes = statSync(this.file).size;
    } catch {
      this.bytes = 0;
    }
    this.full = this.bytes >= this.maxBytes;
    const days = [
      ...new Set([
        today,
        ...readdirSync(this.dir)
          .map((name) => FILE.exec(name)?.[1])
          .filter((d): d is string => d !== undefined),
      ]),
    ].sort();
    for (const old of days.slice(0, Math.max(0, days.length - this.keepDays))) {
      rmSync(join(this.dir, `stackdeck-${old}.log`), { force: true });
    }
  }
}

function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
