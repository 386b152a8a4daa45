import { z } from 'zod';
import type { AnyDef } from '../../shared/contract/define';

/**
 * Support for the read-only guard. The guard keys on one convention: a method
 * that writes names its target connection in a top-level `connectionId` field.
 * `assertGuardable` checks the convention once, when the router is built, so a
 * writing method that could slip past the guard fails at startup (and in the
 * unit test that builds the router over the real contract), not in production.
 */

/** The `connectionId` of a request, raw or parsed, when it has a string one. */
export function connectionIdOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const id: unknown = (input as { connectionId?: unknown }).connectionId;
  return typeof id === 'string' ? id : undefined;
}

export function assertGuardable(name: string, def: AnyDef): void {
  if (!def.writes || def.readOnlyExempt !== undefined) return;
  if (!requiresConnectionId(def.input)) {
    throw new Error(
      `Contract method "${name}" is marked writes: true, but its input does not require a string "connectionId", ` +
        'so the read-only guard could not refuse it. Add a required connectionId, or set readOnlyExempt with the reason.',
    );
  }
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the input's JSON Schema (input side, so defaults do not count as
 * "present") rather than zod internals: it sees through pipes, unions,
 * intersections and refinements in one uniform shape.
 */
export function requiresConnectionId(schema: z.ZodType): boolean {
  let root: unknown;
  try {
    root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return false;
  }
  return requires(root, root, 0);
}

function requires(node: unknown, root: unknown, depth: number): boolean {
  if (depth > 32 || !isRecord(node)) return false;
  const ref = node.$ref;
  if (typeof ref === 'string') return requires(resolveRef(ref, root), root, depth + 1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) return branches.length > 0 && branches.every((b) => requires(b, root, depth + 1));
  }
  const all = node.allOf;
  if (Array.isArray(all) && all.some((b) => requires(b, root, depth + 1))) return true;
  const props = node.properties;
  const required = node.required;
  if (!isRecord(props) || !Array.isArray(required) || !required.includes('connectionId')) return false;
  const prop = props.connectionId;
  return (
    isRecord(prop) &&
    (prop.type === 'string' ||
      (typeof prop.$ref === 'string' &&
        isRecord(resolveRef(prop.$ref, root)) &&
        (resolveRef(prop.$ref, root) as Json).type === 'string'))
  );
}

function resolveRef(ref: string, root: unknown): unknown {
  if (ref === '#') return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (match === null || !isRecord(root)) return undefined;
  const defs = root[match[1] as string];
  return isRecord(defs)
    ? defs[
        decodeURIComponent(match[2] as string)
          .replace(/~1/g, '/')
          .replace(/~0/g, '~')
      ]
    : undefined;
}
