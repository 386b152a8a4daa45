/**
 * Follows the service's prediction-log file: reads what was appended since
 * the last poll, hands complete lines on and keeps a trailing partial line
 * for the next poll (a worker's write can be seen half done). It also bounds
 * the file: once it has read past `rotateBytes` it renames the file to
 * `<path>.1` (workers reopen the path on their next write) and keeps reading
 * the renamed file for a few more polls, for a write that raced the rename,
 * before deleting it. Memory is bounded: a read is at most CHUNK bytes and a
 * partial line longer than MAX_LINE is dropped (the service never writes one).
 */
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';

const CHUNK = 256 * 1024;
const MAX_LINE = 64 * 1024;
/** Polls the renamed file is still read after a rotation. */
const DRAIN_POLLS = 3;
/** Lines handed on per poll at most; the rest is read on the next polls. */
const MAX_LINES_PER_POLL = 5000;

interface Reader {
  fh: FileHandle;
  ino: number;
  offset: number;
  partial: Buffer;
}

export interface TailerOptions {
  /** Rename the file once this much of it was read. */
  readonly rotateBytes?: number;
}

export class LogTailer {
  private current: Reader | null = null;
  private draining: { reader: Reader; polls: number } | null = null;
  private readonly rotateBytes: number;
  /** Lines dropped because they were longer than MAX_LINE. */
  overlong = 0;
  rotations = 0;
  private closed = false;

  constructor(
    readonly path: string,
    opts: TailerOptions = {},
  ) {
    this.rotateBytes = opts.rotateBytes ?? 16 * 1024 * 1024;
  }

  /** Reads everything appended since the last call; returns the complete lines (without "\n"). */
  async poll(): Promise<string[]> {
    if (this.closed) return [];
    const lines: string[] = [];
    if (this.draining !== null) {
      const atEnd = await this.readAll(this.draining.reader, lines);
      this.draining.polls += 1;
      if (atEnd && this.draining.polls >= DRAIN_POLLS) await this.endDrain();
      if (!atEnd) return lines; // the renamed file first, in order
    }
    await this.follow(lines);
    return lines;
  }

  private async follow(lines: string[]): Promise<void> {
    let st;
    try {
      st = await stat(this.path);
    } catch {
      return; // not written yet (no prediction so far), or just rotated
    }
    if (this.current !== null && this.current.ino !== st.ino) {
      // Renamed by someone else: finish that file as if we had rotated it.
      await this.startDrain(this.current);
      this.current = null;
    }
    if (this.current === null) {
      const fh = await open(this.path, 'r');
      this.current = { fh, ino: (await fh.stat()).ino, offset: 0, partial: Buffer.alloc(0) };
    }
    const r = this.current;
    if (st.size < r.offset) {
      r.offset = 0; // truncated in place
      r.partial = Buffer.alloc(0);
    }
    const atEnd = await this.readAll(r, lines);
    if (atEnd && r.offset >= this.rotateBytes && r.partial.length === 0) {
      await rename(this.path, `${this.path}.1`);
      this.rotations += 1;
      this.current = null;
      await this.startDrain(r);
    }
  }

  private async startDrain(reader: Reader): Promise<void> {
    if (this.draining !== null) await this.endDrain();
    this.draining = { reader, polls: 0 };
  }

  private async endDrain(): Promise<void> {
    const d = this.draining;
    this.draining = null;
    if (d === null) return;
    await d.reader.fh.close().catch(() => undefined);
    await rm(`${this.path}.1`, { force: true });
  }

  /** Reads up to the end of the file (true) or until MAX_LINES_PER_POLL lines (false). */
  private async readAll(r: Reader, lines: string[]): Promise<boolean> {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      if (lines.length >= MAX_LINES_PER_POLL) return false;
      const { bytesRead } = await r.fh.read(buf, 0, CHUNK, r.offset);
      if (bytesRead === 0) return true;
      r.offset += bytesRead;
      let data = Buffer.concat([r.partial, buf.subarray(0, bytesRead)]);
      let nl = data.indexOf(0x0a);
      while (nl !== -1) {
        const line = data.subarray(0, nl).toString('utf8');
        if (line.length > 0) lines.push(line);
        data = data.subarray(nl + 1);
        nl = data.indexOf(0x0a);
      }
      if (data.length > MAX_LINE) {
        this.overlong += 1;
        data = Buffer.alloc(0);
      }
      r.partial = Buffer.from(data);
      if (bytesRead < CHUNK) return true;
    }
  }

  /** Closes the files; reads nothing more. */
  async close(): Promise<void> {
    this.closed = true;
    await this.endDrain();
    await this.current?.fh.close().catch(() => undefined);
    this.current = null;
  }
}
