/**
 * Schema decoding for one read (browse page, search, tail, export): before a
 * chunk of records is used, `prepare` looks up every schema id it has not
 * seen yet (through the shared codec cache, so a 10,000-record page with one
 * id costs one registry fetch), then `decode` is synchronous per record.
 * Nothing here throws for a record: an unknown id, a bad schema, a payload
 * that does not decode, or a registry that cannot be reached each become a
 * status with the reason, and the raw bytes stay on the message.
 */
import type { SchemaDecoded } from '../../../shared/contract/kafka/messages';
import type { KafkaRecord } from '../protocol/records';
import { errorText } from './codec';
import { sharedCodecs, type CodecEntry, type SchemaCodecs } from './codecs';
import type { SchemaSource } from './source';
import { wireHeader } from './wire';

/** Distinct ids one read looks up at most: binary data that happens to start with 0 must not flood the registry. */
export const MAX_IDS_PER_READ = 256;
/** An id that was unknown, or a registry that failed, is asked again after this long (a tail runs for hours). */
const RETRY_MS = 10_000;

type Entry = CodecEntry | { readonly status: 'registry-error'; readonly message: string };

/** A decoded key or value with its whole JSON text (messages carry a preview of it). */
export type FullDecoded = Omit<SchemaDecoded, 'truncated'>;

export interface DecodedRecord {
  readonly key?: FullDecoded;
  readonly value?: FullDecoded;
}

export class RecordDecoder {
  private readonly entries = new Map<number, Entry>();
  /** Id and subject pairs whose subjects were asked again in this read. */
  private readonly rechecked = new Set<string>();
  /** When each non-ok entry may be looked up again. */
  private readonly retryAt = new Map<number, number>();

  constructor(
    private readonly source: SchemaSource,
    private readonly signal: AbortSignal,
    private readonly codecs: SchemaCodecs = sharedCodecs,
  ) {}

  /** Looks up the ids of `records` not seen yet in this read; never rejects except on abort. */
  async prepare(records: readonly KafkaRecord[]): Promise<void> {
    const missing = new Set<number>();
    const now = Date.now();
    for (const r of records) {
      for (const buf of [r.key, r.value]) {
        const h = wireHeader(buf);
        if (!h || missing.has(h.id)) continue;
        const stale = (this.retryAt.get(h.id) ?? Infinity) <= now;
        if (stale || (!this.entries.has(h.id) && this.entries.size + missing.size < MAX_IDS_PER_READ))
          missing.add(h.id);
      }
    }
    await Promise.all(
      [...missing].map(async (id) => {
        let entry: Entry;
        try {
          entry = await this.codecs.get(this.source, id, this.signal);
        } catch (e) {
          this.signal.throwIfAborted();
          entry = { status: 'registry-error', message: `the Schema Registry could not be asked: ${errorText(e)}` };
        }
        this.entries.set(id, entry);
        if (entry.status === 'ok') this.retryAt.delete(id);
        else this.retryAt.set(id, Date.now() + RETRY_MS);
      }),
    );
    await this.recheckSubjects(records);
  }

  /**
   * A registry gives one id to the same schema in several subjects; the tag shows the record's own subject
   * (`<topic>-key` / `<topic>-value`). When a cached id does not list it, the registry is asked once per read.
   */
  private async recheckSubjects(records: readonly KafkaRecord[]): Promise<void> {
    const wanted = new Map<string, { id: number; subject: string }>();
    for (const r of records) {
      for (const [buf, part] of [
        [r.key, 'key'],
        [r.value, 'value'],
      ] as const) {
        const h = wireHeader(buf);
        const entry = h ? this.entries.get(h.id) : undefined;
        if (!h || entry?.status !== 'ok') continue;
        const subject = `${r.topic}-${part}`;
        const key = `${h.id}\u0000${subject}`;
        if (this.rechecked.has(key) || entry.info.versions.some((v) => v.subject === subject)) continue;
        if (this.rechecked.size < MAX_IDS_PER_READ) wanted.set(key, { id: h.id, subject });
      }
    }
    for (const [key, { id }] of wanted) {
      this.rechecked.add(key);
      const entry = this.entries.get(id);
      if (entry?.status !== 'ok') continue;
      try {
        this.entries.set(id, await this.codecs.refreshVersions(this.source, entry, this.signal));
      } catch {
        this.signal.throwIfAborted();
        // The first subject is still shown; the decode itself does not depend on it.
      }
    }
  }

  /** The schema-decoded key and value of `r` (each absent when not in the wire format). */
  decodeRecord(r: KafkaRecord): DecodedRecord {
    const key = this.decode(r.key, `${r.topic}-key`);
    const value = this.decode(r.value, `${r.topic}-value`);
    return { ...(key ? { key } : {}), ...(value ? { value } : {}) };
  }

  /** `ownSubject`: the subject TopicNameStrategy gives this key/value, shown when the id is registered under it. */
  decode(buf: Buffer | null, ownSubject?: string): FullDecoded | undefined {
    const h = wireHeader(buf);
    if (!h || buf === null) return undefined;
    const base = {
      schemaId: h.id,
      type: null,
      subject: null,
      version: null,
      messageType: null,
      json: null,
      violations: [],
    };
    const entry = this.entries.get(h.id);
    if (!entry)
      return {
        ...base,
        status: 'error',
        error: `schema id ${h.id} was not looked up: over ${MAX_IDS_PER_READ} distinct ids in one read`,
      };
    switch (entry.status) {
      case 'unknown-id':
        return { ...base, status: 'unknown-id', error: `unknown schema id ${h.id}` };
      case 'registry-error':
        return { ...base, status: 'error', error: entry.message };
      case 'bad-schema':
        return { ...base, status: 'error', type: entry.type, error: `schema id ${h.id}: ${entry.message}` };
      case 'ok': {
        const { info, codec } = entry;
        const sv = info.versions.find((v) => v.subject === ownSubject) ?? info.versions[0];
        const known = { ...base, type: info.type, subject: sv?.subject ?? null, version: sv?.version ?? null };
        try {
          const body = codec.decode(buf, h.bodyStart);
          return {
            ...known,
            status: 'decoded',
            json: body.json,
            messageType: body.messageType ?? null,
            violations: [...(body.violations ?? [])],
            error: null,
          };
        } catch (e) {
          return {
            ...known,
            status: 'error',
            error: `the payload does not decode with schema id ${h.id}: ${errorText(e)}`,
          };
        }
      }
    }
  }
}

/** A chunk as search, tail and export use it: what each record decoded to, and the records the filter sees. */
export interface DecodedChunk {
  readonly decoded: readonly (DecodedRecord | undefined)[];
  readonly forFilter: readonly KafkaRecord[];
}

/** Prepares and decodes a chunk (decoder null: the records as they are). */
export async function decodeChunk(
  decoder: RecordDecoder | null,
  records: readonly KafkaRecord[],
): Promise<DecodedChunk> {
  if (decoder === null) return { decoded: [], forFilter: records };
  await decoder.prepare(records);
  const decoded = records.map((r) => decoder.decodeRecord(r));
  return { decoded, forFilter: records.map((r, i) => asFilterRecord(r, decoded[i] as DecodedRecord)) };
}

/** The contract's form of a decoded key/value, its JSON text cut to `limit` characters. */
export function preview(d: FullDecoded | undefined, limit = Infinity): SchemaDecoded | undefined {
  if (d === undefined) return undefined;
  const truncated = d.json !== null && d.json.length > limit;
  return { ...d, json: truncated && d.json !== null ? d.json.slice(0, limit) : d.json, truncated };
}

/**
 * The record a filter sees: a decoded key/value replaced by its JSON text,
 * so "contains" and CEL (`value.user.id == ...`) work on the decoded value.
 */
export function asFilterRecord(r: KafkaRecord, d: DecodedRecord): KafkaRecord {
  const key = d.key?.json;
  const value = d.value?.json;
  if (key == null && value == null) return r;
  return {
    ...r,
    key: key != null ? Buffer.from(key, 'utf8') : r.key,
    value: value != null ? Buffer.from(value, 'utf8') : r.value,
  };
}
