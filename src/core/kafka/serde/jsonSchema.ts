/**
 * JSON Schema with ajv: the payload is JSON text, shown as written (exact),
 * and validated against the schema; violations are reported with the record,
 * never instead of it. The draft is taken from `$schema` (2020-12, 2019-09,
 * else draft-07, which also reads draft-04/06 schemas well enough to
 * validate). Formats are not checked (no format plugin), as ajv's strict
 * mode would otherwise refuse schemas that use them.
 */
import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { utf8OrNull } from '../messages/convert';
import { CodecInputError, type Codec, type ResolvedReference } from './codec';
import { toJsonText } from './jsonText';

const MAX_VIOLATIONS = 20;

function ajvFor(schema: unknown): Ajv {
  const draft =
    typeof schema === 'object' && schema !== null ? String((schema as { $schema?: unknown }).$schema ?? '') : '';
  const opts = { strict: false, allErrors: true, validateFormats: false, logger: false as const };
  if (draft.includes('2020-12')) return new Ajv2020(opts);
  if (draft.includes('2019-09')) return new Ajv2019(opts);
  return new Ajv(opts);
}

/** A $schema ajv does not carry (draft-04/06) would stop compilation: drop it, validate as draft-07. */
function withoutOldDraft(schema: unknown): AnySchema {
  if (typeof schema !== 'object' || schema === null) return schema as AnySchema;
  const s = schema as Record<string, unknown>;
  const draft = String(s.$schema ?? '');
  if (draft === '' || draft.includes('draft-07') || draft.includes('2019-09') || draft.includes('2020-12')) return s;
  const { $schema: _dropped, ...rest } = s;
  return rest;
}

function violationsOf(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, MAX_VIOLATIONS).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`);
}

export function jsonSchemaCodec(schema: string, references: readonly ResolvedReference[]): Codec {
  const parsed = JSON.parse(schema) as unknown;
  const ajv = ajvFor(parsed);
  for (const ref of references) ajv.addSchema(withoutOldDraft(JSON.parse(ref.schema)), ref.name);
  const validate: ValidateFunction = ajv.compile(withoutOldDraft(parsed));
  return {
    type: 'JSON',
    messageTypes: [],
    decode(buf, bodyStart) {
      const text = utf8OrNull(buf.subarray(bodyStart));
      if (text === null) throw new Error('the JSON payload is not valid UTF-8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new Error(`the payload is not JSON (${e instanceof Error ? e.message : String(e)})`);
      }
      const violations = validate(value) ? [] : violationsOf(validate.errors);
      return { json: text, violations };
    },
    encode(value) {
      // ajv checks numbers as numbers: an exact bigint is validated as the (rounded) number it is.
      const plain = JSON.parse(toJsonText(value)) as unknown;
      if (!validate(plain))
        throw new CodecInputError(
          `The value does not match the JSON Schema: ${violationsOf(validate.errors).join('; ')}`,
        );
      return { payload: Buffer.from(toJsonText(value), 'utf8') };
    },
  };
}
