/**
 * Avro with avsc. Longs are bigint (a LongType over readBigInt64LE), so a
 * long beyond 2^53 is decoded and encoded exactly, where avsc's default
 * refuses it. Referenced named types are registered first, in dependency
 * order, so the schema can name them. Unions are unwrapped unless ambiguous
 * (avsc's 'auto'), as Confluent's deserializers show them.
 */
import avro from 'avsc';
import { CodecInputError, errorText, type Codec, type ResolvedReference } from './codec';
import { toJsonText } from './jsonText';

const exactLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint | number) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (n: number | string) => BigInt(n),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) =>
    (typeof n === 'bigint' && BigInt.asIntN(64, n) === n) || (typeof n === 'number' && Number.isSafeInteger(n)),
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

function isLong(schema: unknown): boolean {
  return (
    schema === 'long' ||
    (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long')
  );
}

export function avroCodec(schema: string, references: readonly ResolvedReference[]): Codec {
  const registry: Record<string, avro.Type> = {};
  const opts = {
    registry,
    wrapUnions: 'auto' as const,
    typeHook: (s: unknown) => (isLong(s) ? exactLong : undefined),
  };
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref.schema) as avro.Schema, opts);
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, opts);
  return {
    type: 'AVRO',
    messageTypes: [],
    decode(buf, bodyStart) {
      const { value, offset } = type.decode(buf, bodyStart);
      if (offset < 0) throw new Error('the Avro payload is cut short');
      if (offset !== buf.length) throw new Error(`${buf.length - offset} bytes follow the Avro value`);
      return { json: toJsonText(value) };
    },
    encode(value) {
      const problems: string[] = [];
      type.isValid(value, {
        errorHook: (path: string[], v: unknown, t: avro.Type) => {
          if (problems.length < 10)
            problems.push(
              `${path.length > 0 ? path.join('.') : '(value)'}: ${toJsonText(v)} is not a valid ${String(t.typeName)}`,
            );
        },
      });
      if (problems.length > 0)
        throw new CodecInputError(`The value does not match the Avro schema: ${problems.join('; ')}`);
      try {
        return { payload: type.toBuffer(value) };
      } catch (e) {
        throw new CodecInputError(`The value does not match the Avro schema: ${errorText(e)}`);
      }
    },
  };
}
