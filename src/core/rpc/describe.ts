import { z } from 'zod';
import type { AnyDef } from '../../shared/contract/define';
import { ErrorCode } from '../../shared/errors';
import { WIRE_PROTOCOL_VERSION } from '../../shared/wire';

/**
 * The contract as JSON, served at GET /api/contract so scripts and tests can
 * drive Stackdeck without the UI. Input schemas are described on the input side
 * (what a caller may send: defaulted fields optional), outputs and events on the
 * output side (what comes back).
 */

export interface DescribedMethod {
  kind: 'method' | 'stream';
  summary: string;
  writes: boolean;
  readOnlyExempt?: string;
  /** Deadline enforced in core (methods only). */
  timeoutMs?: number;
  input: unknown;
  /** Methods: the result schema. */
  output?: unknown;
  /** Streams: the schema of each event. */
  event?: unknown;
}

export interface ContractDescription {
  protocol: number;
  errorCodes: readonly string[];
  methods: Record<string, DescribedMethod>;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  } catch (error) {
    // One odd schema must not take down the whole description.
    return { description: `(schema not representable: ${error instanceof Error ? error.message : String(error)})` };
  }
}

export function describeContract(contract: Readonly<Record<string, AnyDef>>): ContractDescription {
  const methods: Record<string, DescribedMethod> = {};
  for (const name of Object.keys(contract).sort()) {
    const def = contract[name];
    if (def === undefined) continue;
    const base = {
      kind: def.kind,
      summary: def.summary,
      writes: def.writes,
      ...(def.readOnlyExempt === undefined ? {} : { readOnlyExempt: def.readOnlyExempt }),
      input: jsonSchema(def.input, 'input'),
    };
    methods[name] =
      def.kind === 'method'
        ? { ...base, timeoutMs: def.timeoutMs, output: jsonSchema(def.output, 'output') }
        : { ...base, event: jsonSchema(def.event, 'output') };
  }
  return { protocol: WIRE_PROTOCOL_VERSION, errorCodes: ErrorCode.options, methods };
}
