/**
 * The Schemas screen's pure rules: when Register may be pressed, what the
 * check result says, and the example text per schema type.
 */
import type { CompatibilityResult, SchemaType } from '../../../../../shared/contract/kafka/schemas';

export const SCHEMA_TYPE_LABEL: Record<SchemaType, string> = {
  AVRO: 'Avro',
  PROTOBUF: 'Protobuf',
  JSON: 'JSON Schema',
};

export const EXAMPLE_SCHEMA: Record<SchemaType, string> = {
  AVRO: JSON.stringify(
    { type: 'record', name: 'Example', namespace: 'com.example', fields: [{ name: 'id', type: 'string' }] },
    null,
    2,
  ),
  PROTOBUF: 'syntax = "proto3";\npackage com.example;\n\nmessage Example {\n  string id = 1;\n}\n',
  JSON: JSON.stringify(
    { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { id: { type: 'string' } } },
    null,
    2,
  ),
};

/** The check ran for exactly this text and type; an edit after it makes it stale. */
export interface CheckedText {
  schemaType: SchemaType;
  schema: string;
  result: CompatibilityResult;
}

export type RegisterGate = { ok: true; why: string } | { ok: false; why: string };

/**
 * Register is offered once the registry's check passed for the text as it is
 * now, or when the user chose to send it anyway (the registry still enforces
 * its level and says why it refuses).
 */
export function registerGate(
  current: { schemaType: SchemaType; schema: string },
  checked: CheckedText | null,
  override: boolean,
): RegisterGate {
  if (current.schema.trim() === '') return { ok: false, why: 'Enter the schema text.' };
  const fresh = checked !== null && checked.schema === current.schema && checked.schemaType === current.schemaType;
  if (fresh && checked.result.compatible) return { ok: true, why: 'The compatibility check passed.' };
  if (override) return { ok: true, why: 'Registering without a passed check: the registry decides.' };
  if (!fresh) return { ok: false, why: 'Check compatibility first.' };
  return { ok: false, why: 'The check failed: change the schema, or register anyway to see the registry refuse it.' };
}

/** One line for the check's verdict. */
export function checkSummary(result: CompatibilityResult): string {
  const level = result.level ? ` under ${result.level}` : '';
  return result.compatible ? `Compatible${level}.` : `Not compatible${level}.`;
}
