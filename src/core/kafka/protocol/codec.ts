/**
 * Reading and writing Kafka protocol primitives, in both encodings:
 *
 * - classic (non-flexible) versions: INT16-length STRING, INT32-length ARRAY/BYTES;
 * - flexible versions (KIP-482): COMPACT_STRING / COMPACT_ARRAY (unsigned varint
 *   length + 1, 0 = null) and a TAGGED_FIELDS section at the end of every struct.
 *
 * Writing goes through kafkajs's own Encoder, so what we put on the socket is
 * built exactly like kafkajs's requests. Reading uses our own cursor over the
 * response Buffer: kafkajs's Decoder reads COMPACT_BYTES one byte too long
 * (`readUVarIntBytes`) and turns a null ARRAY into [], which would corrupt the
 * flexible responses we parse.
 */
import Encoder from 'kafkajs/src/protocol/encoder.js';

export class Writer {
  readonly encoder = new Encoder();

  constructor(readonly flexible: boolean) {}

  int8(v: number): this {
    this.encoder.writeInt8(v);
    return this;
  }
  int16(v: number): this {
    this.encoder.writeInt16(v);
    return this;
  }
  int32(v: number): this {
    this.encoder.writeInt32(v);
    return this;
  }
  int64(v: number | bigint): this {
    this.encoder.writeInt64(typeof v === 'number' ? BigInt(v) : v);
    return this;
  }
  /** FLOAT64 (quota values). */
  float64(v: number): this {
    this.encoder.writeDouble(v);
    return this;
  }
  bool(v: boolean): this {
    this.encoder.writeBoolean(v);
    return this;
  }
  uvarint(v: number): this {
    this.encoder.writeUVarInt(v);
    return this;
  }
  /** STRING or COMPACT_STRING. */
  string(v: string): this {
    if (this.flexible) this.encoder.writeUVarIntString(v);
    else this.encoder.writeString(v);
    return this;
  }
  /** NULLABLE_STRING or COMPACT_NULLABLE_STRING. */
  nullableString(v: string | null): this {
    if (this.flexible) this.encoder.writeUVarIntString(v);
    else this.encoder.writeString(v);
    return this;
  }
  /** BYTES / COMPACT_BYTES (non-null): the length, then the bytes. */
  bytes(v: Buffer): this {
    if (this.flexible) this.encoder.writeUVarInt(v.length + 1);
    else this.encoder.writeInt32(v.length);
    this.encoder.writeBuffer(v);
    return this;
  }
  /** ARRAY / COMPACT_ARRAY of structs or primitives; null only where the schema says nullable. */
  array<T>(items: readonly T[] | null, each: (w: this, item: T) => void): this {
    if (items === null) {
      if (this.flexible) this.encoder.writeUVarInt(0);
      else this.encoder.writeInt32(-1);
      return this;
    }
    if (this.flexible) this.encoder.writeUVarInt(items.length + 1);
    else this.encoder.writeInt32(items.length);
    for (const item of items) each(this, item);
    return this;
  }
  /** An empty TAGGED_FIELDS section (flexible versions only; no-op otherwise). */
  tags(): this {
    if (this.flexible) this.encoder.writeUVarInt(0);
    return this;
  }
}

export class ProtocolDecodeError extends Error {
  override readonly name = 'ProtocolDecodeError';
}

export class Reader {
  private pos = 0;

  constructor(
    readonly buf: Buffer,
    readonly flexible: boolean,
  ) {}

  get offset(): number {
    return this.pos;
  }
  remaining(): number {
    return this.buf.length - this.pos;
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) {
      throw new ProtocolDecodeError(
        `Response ended early: needed ${n} bytes at ${this.pos}, have ${this.buf.length - this.pos}`,
      );
    }
  }
  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  /** INT64 as a JS number; Kafka offsets, sizes and timestamps stay far below 2^53. */
  int64(): number {
    this.need(8);
    const hi = this.buf.readInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    const v = hi * 4294967296 + lo;
    if (!Number.isSafeInteger(v))
      throw new ProtocolDecodeError(`INT64 value out of the safe integer range at ${this.pos - 8}`);
    return v;
  }
  float64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      this.need(1);
      const b = this.buf[this.pos++] ?? 0;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new ProtocolDecodeError('Unsigned varint longer than 5 bytes');
    }
  }
  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolDecodeError(`Null where the schema has a non-nullable string at ${this.pos}`);
    return s;
  }
  nullableString(): string | null {
    const len = this.flexible ? this.uvarint() - 1 : this.int16();
    if (len < 0) return null;
    this.need(len);
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
  /** BYTES / NULLABLE_BYTES (INT32 length) or their compact forms; a view, not a copy. */
  nullableBytes(): Buffer | null {
    const len = this.flexible ? this.uvarint() - 1 : this.int32();
    if (len < 0) return null;
    this.need(len);
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }
  /** ARRAY / COMPACT_ARRAY; null when the wire says null (only in nullable fields). */
  nullableArray<T>(each: (r: this) => T): T[] | null {
    const len = this.flexible ? this.uvarint() - 1 : this.int32();
    if (len < 0) return null;
    // Every element takes at least one byte: refuse absurd lengths before allocating.
    if (len > this.remaining())
      throw new ProtocolDecodeError(`Array length ${len} exceeds the remaining ${this.remaining()} bytes`);
    const out: T[] = new Array<T>(len);
    for (let i = 0; i < len; i++) out[i] = each(this);
    return out;
  }
  array<T>(each: (r: this) => T): T[] {
    return this.nullableArray(each) ?? [];
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
  /**
   * TAGGED_FIELDS (flexible versions only). Unknown tags are skipped, as the
   * spec requires; `onTag` may read a known one and must consume exactly `size` bytes.
   */
  tags(onTag?: (tag: number, size: number, r: Reader) => void): void {
    if (!this.flexible) return;
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      const end = this.pos + size;
      if (end > this.buf.length)
        throw new ProtocolDecodeError(`Tagged field ${tag} of ${size} bytes runs past the response`);
      if (onTag) onTag(tag, size, this);
      if (this.pos > end) throw new ProtocolDecodeError(`Tagged field ${tag} read past its ${size} bytes`);
      // Whatever the handler read (or skipped), continue right after the field.
      this.pos = end;
    }
  }
}
