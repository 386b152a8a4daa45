/**
 * A streaming RESP3 parser (RESP2 is a subset) for the CLI's own connection.
 * ioredis 5 speaks RESP2 only, so maps, sets, doubles, booleans, verbatim
 * strings and nulls would reach the CLI flattened; this parser keeps them.
 *
 * Bounded whatever the server sends: a bulk string keeps at most `keepBytes`
 * (the rest is skipped as it streams in, its full size kept), a reply keeps at
 * most `maxItems` elements across its nesting (the rest are parsed and
 * dropped, each aggregate keeps its declared total), and a declared length
 * over `maxBulk`, a line over `maxLine` or nesting deeper than `maxDepth` is a
 * protocol error (the owner drops the connection). The parser is iterative
 * (an explicit stack), so deep nesting never grows the JS stack.
 */

export type Resp3 =
  | { t: 'simple'; text: string }
  | { t: 'error'; text: string }
  | { t: 'int'; value: string }
  | { t: 'bignum'; value: string }
  | { t: 'double'; value: string }
  | { t: 'bool'; value: boolean }
  | { t: 'nil' }
  /** `bytes` holds at most keepBytes of the `size` bytes the server sent. */
  | { t: 'bulk'; bytes: Buffer; size: number }
  | { t: 'verbatim'; format: string; bytes: Buffer; size: number }
  | { t: 'array' | 'set' | 'push'; items: Resp3[]; total: number }
  | { t: 'map'; entries: [Resp3, Resp3][]; total: number }
  /** A value the server sent attributes for (`|`), e.g. key popularity. */
  | { t: 'attributed'; attrs: [Resp3, Resp3][]; value: Resp3 };

export interface ParserLimits {
  readonly keepBytes: number;
  readonly maxItems: number;
  readonly maxBulk: number;
  readonly maxLine: number;
  readonly maxDepth: number;
}

export class RespProtocolError extends Error {
  override readonly name = 'RespProtocolError';
}

type AggKind = 'array' | 'set' | 'push' | 'map' | 'attrs';

interface Frame {
  readonly kind: AggKind;
  /** Child values still to come (a map's entries count twice). */
  need: number;
  readonly total: number;
  readonly kept: boolean;
  readonly items: Resp3[];
  /** Children started so far (for a map: which one is a key). */
  seen: number;
  /** Whether the map entry being read is kept (decided at its key). */
  entryKept: boolean;
  /** Attributes read at this level, for the next value. */
  attrs: [Resp3, Resp3][] | null;
}

interface Blob {
  readonly kind: 'bulk' | 'verbatim' | 'error';
  readonly size: number;
  readonly kept: boolean;
  readonly buf: Buffer;
  /** Payload bytes plus the closing CRLF still to read. */
  left: number;
  filled: number;
}

const EMPTY = Buffer.alloc(0);
const INT = /^-?\d{1,20}$/;

export class Resp3Parser {
  private pending: Buffer = EMPTY;
  private readonly stack: Frame[] = [];
  private blob: Blob | null = null;
  private budget: number;
  private topAttrs: [Resp3, Resp3][] | null = null;

  constructor(
    private readonly limits: ParserLimits,
    /** Each complete top-level value, in order (push frames included: `t: 'push'`). */
    private readonly onValue: (value: Resp3) => void,
  ) {
    this.budget = limits.maxItems;
  }

  /** Feeds bytes as they arrive; throws RespProtocolError on input that is not RESP (or over the limits). */
  feed(chunk: Buffer): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = EMPTY;
    let off = 0;
    while (off < data.length) {
      if (this.blob) {
        off = this.readBlob(data, off);
        continue;
      }
      const eol = data.indexOf(13, off);
      if (eol < 0 || eol + 1 >= data.length) {
        if (data.length - off > this.limits.maxLine) throw new RespProtocolError('A reply line is too long.');
        // Copied: `data` may be a large chunk this would otherwise keep alive.
        this.pending = Buffer.from(data.subarray(off));
        return;
      }
      if (data[eol + 1] !== 10) throw new RespProtocolError('A reply line does not end with CRLF.');
      if (eol - off > this.limits.maxLine) throw new RespProtocolError('A reply line is too long.');
      const type = data[off]!;
      const line = data.toString('utf8', off + 1, eol);
      off = eol + 2;
      this.header(type, line);
    }
  }

  private readBlob(data: Buffer, off: number): number {
    const b = this.blob!;
    const take = Math.min(b.left, data.length - off);
    const payloadLeft = Math.max(0, b.left - 2);
    const payload = Math.min(take, payloadLeft);
    if (b.kept && b.filled < b.buf.length && payload > 0) {
      const n = Math.min(payload, b.buf.length - b.filled);
      data.copy(b.buf, b.filled, off, off + n);
      b.filled += n;
    }
    b.left -= take;
    if (b.left === 0) {
      this.blob = null;
      this.finishBlob(b);
    }
    return off + take;
  }

  private finishBlob(b: Blob): void {
    if (b.kind === 'error') return this.done({ t: 'error', text: b.buf.toString('utf8') }, b.kept);
    if (b.kind === 'bulk') return this.done({ t: 'bulk', bytes: b.buf, size: b.size }, b.kept);
    // Verbatim: "txt:" then the text (the format is three bytes).
    const format = b.buf.subarray(0, 3).toString('latin1');
    const bytes = b.buf.length >= 4 ? b.buf.subarray(4) : EMPTY;
    this.done({ t: 'verbatim', format, bytes, size: Math.max(0, b.size - 4) }, b.kept);
  }

  private header(type: number, line: string): void {
    const c = String.fromCharCode(type);
    if (c === '|') {
      // Attributes before a top-level reply count against that reply's budget.
      if (this.stack.length === 0 && this.topAttrs === null) this.budget = this.limits.maxItems;
      return this.open('attrs', this.count(line), this.levelKept());
    }
    switch (c) {
      case '+':
        return this.done({ t: 'simple', text: line }, this.claim());
      case '-':
        return this.done({ t: 'error', text: line }, this.claim());
      case ':':
        if (!INT.test(line)) throw new RespProtocolError(`Bad integer "${line.slice(0, 40)}".`);
        return this.done({ t: 'int', value: line }, this.claim());
      case '(':
        if (!/^-?\d+$/.test(line)) throw new RespProtocolError('Bad big number.');
        return this.done({ t: 'bignum', value: line }, this.claim());
      case ',':
        if (!/^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan)$/i.test(line))
          throw new RespProtocolError('Bad double.');
        return this.done({ t: 'double', value: line }, this.claim());
      case '#':
        if (line !== 't' && line !== 'f') throw new RespProtocolError('Bad boolean.');
        return this.done({ t: 'bool', value: line === 't' }, this.claim());
      case '_':
        return this.done({ t: 'nil' }, this.claim());
      case '$':
      case '=':
      case '!': {
        const kept = this.claim();
        const n = this.count(line);
        if (n < 0) return this.done({ t: 'nil' }, kept);
        const kind = c === '$' ? 'bulk' : c === '=' ? 'verbatim' : 'error';
        // A verbatim string keeps its 4-byte "txt:" prefix on top of the kept bytes.
        const keep = Math.min(n, this.limits.keepBytes + (kind === 'verbatim' ? 4 : 0));
        this.blob = { kind, size: n, kept, buf: kept ? Buffer.allocUnsafe(keep) : EMPTY, left: n + 2, filled: 0 };
        return;
      }
      case '*':
      case '~':
      case '>':
      case '%': {
        const kept = this.claim();
        const n = this.count(line);
        if (n < 0) return this.done({ t: 'nil' }, kept);
        const kind: AggKind = c === '*' ? 'array' : c === '~' ? 'set' : c === '>' ? 'push' : 'map';
        return this.open(kind, n, kept);
      }
      default:
        throw new RespProtocolError(`Unknown reply type byte 0x${type.toString(16).padStart(2, '0')}.`);
    }
  }

  /** A declared length: -1 (null) or 0..maxBulk. Streamed types (`?`) are not sent by Redis or Valkey. */
  private count(line: string): number {
    if (!/^-?\d{1,12}$/.test(line)) throw new RespProtocolError(`Bad length "${line.slice(0, 40)}".`);
    const n = Number(line);
    if (n < -1) throw new RespProtocolError('Negative length.');
    if (n > this.limits.maxBulk)
      throw new RespProtocolError(`A reply declares ${n} bytes or items, over the limit of ${this.limits.maxBulk}.`);
    return n;
  }

  private open(kind: AggKind, n: number, kept: boolean): void {
    if (this.stack.length >= this.limits.maxDepth) throw new RespProtocolError('A reply is nested too deeply.');
    const twice = kind === 'map' || kind === 'attrs';
    const frame: Frame = {
      kind,
      need: twice ? n * 2 : n,
      total: n,
      kept,
      items: [],
      seen: 0,
      entryKept: false,
      attrs: null,
    };
    if (frame.need === 0) return this.close(frame);
    this.stack.push(frame);
  }

  private levelKept(): boolean {
    const top = this.stack[this.stack.length - 1];
    return top ? top.kept : true;
  }

  /** Whether the value starting now is kept: within the reply's item budget and its parent kept. */
  private claim(): boolean {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (this.topAttrs === null) this.budget = this.limits.maxItems;
      return true;
    }
    const twice = top.kind === 'map' || top.kind === 'attrs';
    const index = top.seen++;
    if (twice && index % 2 === 1) return top.entryKept;
    const kept = top.kept && this.budget > 0;
    if (kept) this.budget--;
    if (twice) top.entryKept = kept;
    return kept;
  }

  private done(value: Resp3, kept: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return this.deliver(value);
    if (top.attrs) {
      if (kept) value = { t: 'attributed', attrs: top.attrs, value };
      top.attrs = null;
    }
    if (kept) top.items.push(value);
    if (--top.need > 0) return;
    this.stack.pop();
    this.close(top);
  }

  private close(frame: Frame): void {
    const pairs = (): [Resp3, Resp3][] => {
      const out: [Resp3, Resp3][] = [];
      for (let i = 0; i + 1 < frame.items.length; i += 2) out.push([frame.items[i]!, frame.items[i + 1]!]);
      return out;
    };
    if (frame.kind === 'attrs') {
      const parent = this.stack[this.stack.length - 1];
      if (parent) parent.attrs = pairs();
      else this.topAttrs = pairs();
      return;
    }
    if (frame.kind === 'map') return this.done({ t: 'map', entries: pairs(), total: frame.total }, frame.kept);
    this.done({ t: frame.kind, items: frame.items, total: frame.total }, frame.kept);
  }

  private deliver(value: Resp3): void {
    const attrs = this.topAttrs;
    this.topAttrs = null;
    this.onValue(attrs && value.t !== 'push' ? { t: 'attributed', attrs, value } : value);
  }
}
