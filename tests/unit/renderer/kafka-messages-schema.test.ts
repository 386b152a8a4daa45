import { describe, expect, it } from 'vitest';
import type { MessageBytes, SchemaDecoded } from '../../../src/shared/contract/kafka/messages';
import {
  decodePart,
  docOfPart,
  previewPart,
  schemaTag,
} from '../../../src/renderer/src/features/kafka/messages/schemaDecode';
import { pathsOfMessages } from '../../../src/renderer/src/features/kafka/messages/seenPaths';

/** How the renderer shows what core decoded with the Schema Registry. */

const raw: MessageBytes = {
  encoding: 'base64',
  data: btoa(String.fromCharCode(0, 0, 0, 0, 7, 2, 0xff)),
  size: 7,
  truncated: false,
};
const base: SchemaDecoded = {
  status: 'decoded',
  schemaId: 7,
  type: 'AVRO',
  subject: 'orders-value',
  version: 3,
  messageType: null,
  json: '{"id":9007199254740993,"name":"x"}',
  truncated: false,
  error: null,
  violations: [],
};

describe('schema-decoded parts', () => {
  it('tags with subject, version and type, or the problem', () => {
    expect(schemaTag(base)).toBe('orders-value v3 (AVRO)');
    expect(schemaTag({ ...base, subject: null, version: null })).toBe('schema id 7 (AVRO)');
    expect(schemaTag({ ...base, status: 'unknown-id', type: null })).toBe('unknown schema id 7');
  });

  it('Auto and Schema Registry show the decoded JSON with exact longs; other decoders the raw bytes', () => {
    const d = decodePart(raw, 'auto', base);
    expect(d.as).toBe('schema');
    expect(d.text).toContain('9007199254740993');
    expect(decodePart(raw, 'registry', base).as).toBe('schema');
    expect(decodePart(raw, 'hex', base)).toMatchObject({ as: 'hex', text: '00 00 00 00 07 02 ff' });
    const doc = docOfPart(raw, d, base);
    expect(doc).toMatchObject({ t: 'object' });
    expect(JSON.stringify(doc)).toContain('9007199254740993');
  });

  it('an unknown id or bad payload is hex with the reason; without a schema decode, Schema Registry says so', () => {
    const unknown = { ...base, status: 'unknown-id' as const, json: null, error: 'unknown schema id 7' };
    expect(decodePart(raw, 'auto', unknown)).toMatchObject({
      as: 'hex',
      flag: 'schema-unknown',
      note: 'unknown schema id 7',
      text: '00 00 00 00 07 02 ff',
    });
    expect(previewPart(raw, unknown, 100)).toBe('⚠ unknown schema id 7 · 00 00 00 00 07 02 ff');
    expect(
      decodePart({ encoding: 'utf8', data: 'hi', size: 2, truncated: false }, 'registry', undefined),
    ).toMatchObject({
      flag: 'not-schema',
    });
  });

  it('the grid line is the decoded JSON', () => {
    expect(previewPart(raw, base, 10)).toBe('{"id":9007…');
  });
});

describe('CEL completion paths', () => {
  it('come from the decoded value of a schema-decoded message, not its bytes', () => {
    const m = {
      topic: 't',
      partition: 0,
      offset: 0,
      timestamp: 0,
      timestampType: 'create' as const,
      key: null,
      value: raw,
      headers: [],
      sizeBytes: 7,
      transactional: false,
      valueSchema: { ...base, json: '{"customer":{"zip":8000}}' },
    };
    expect(pathsOfMessages([m])).toEqual(expect.arrayContaining([['value', 'customer', 'zip']]));
  });
});
