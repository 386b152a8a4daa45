/**
 * Protobuf with protobufjs: the schema's .proto text and its references
 * (imports, by import path) are parsed into one Root; google/protobuf
 * well-known imports not given as references come from protobufjs' own
 * copies. The message-index path counts the messages of the schema's own
 * file in declaration order (top level, then nested), as Confluent's
 * serializers do. Output: int64 as exact strings, bytes as base64, enums
 * by name, defaults shown (Protobuf's JSON mapping).
 */
import protobuf from 'protobufjs';
import descriptor, { type IDescriptorProto, type IEnumDescriptorProto } from 'protobufjs/ext/descriptor.js';
import { readMessageIndexes } from './wire';
import { CodecInputError, type Codec, type ResolvedReference } from './codec';
import { toJsonText } from './jsonText';

const PARSE = { keepCase: true, alternateCommentMode: false };
const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  bytes: String,
  defaults: true,
  arrays: true,
  objects: true,
};

interface MessageNode {
  readonly fullName: string;
  readonly nested: readonly MessageNode[];
}

function messagesOf(ns: protobuf.NamespaceBase): MessageNode[] {
  return ns.nestedArray
    .filter((o): o is protobuf.Type => o instanceof protobuf.Type)
    .map((t) => ({ fullName: t.fullName.replace(/^\./, ''), nested: messagesOf(t) }));
}

interface FileDescriptor {
  readonly package?: string;
  readonly syntax?: string;
  readonly dependency?: string[];
  readonly messageType?: IDescriptorProto[];
  readonly enumType?: IEnumDescriptorProto[];
}

interface ProtoFile {
  readonly root: protobuf.Root;
  readonly pkg: string | undefined;
  readonly imports: readonly string[];
}

/**
 * One schema text as a Root of its own: .proto source, or (what Confluent's
 * Python and Go serializers register, and Apicurio returns as stored) a
 * base64 FileDescriptorProto. Its imports need not be there yet: types
 * resolve once every file is in the combined root.
 */
function parseFile(text: string): ProtoFile {
  const trimmed = text.trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed) && !/\bsyntax\b|\bmessage\b/.test(trimmed)) {
    const file = descriptor.FileDescriptorProto.decode(Buffer.from(trimmed, 'base64')) as unknown as FileDescriptor;
    // Root.fromDescriptor would resolve the file alone and fail on its imports: add its types unresolved.
    const root = new protobuf.Root();
    const ns = file.package ? root.define(file.package) : root;
    const ctx = { edition: file.syntax === 'proto3' ? 'proto3' : 'proto2', keepCase: true };
    for (const m of file.messageType ?? []) ns.add(protobuf.Type.fromDescriptor(m, ctx));
    for (const e of file.enumType ?? []) ns.add(protobuf.Enum.fromDescriptor(e, ctx));
    return { root, pkg: file.package || undefined, imports: file.dependency ?? [] };
  }
  const parsed = protobuf.parse(text, new protobuf.Root(), PARSE);
  return { root: parsed.root, pkg: parsed.package ?? undefined, imports: parsed.imports ?? [] };
}

/** The messages declared in the file itself, in index order. */
function ownMessages(file: ProtoFile): MessageNode[] {
  const ns = file.pkg ? file.root.lookup(file.pkg) : file.root;
  return ns instanceof protobuf.Namespace ? messagesOf(ns) : [];
}

function buildRoot(files: readonly ProtoFile[], given: ReadonlySet<string>): protobuf.Root {
  const root = new protobuf.Root();
  for (const file of files) {
    for (const name of file.imports) {
      if (given.has(name)) continue;
      const common = protobuf.common.get(name);
      if (common?.nested) root.addJSON(common.nested);
    }
    const json = file.root.toJSON();
    if (json.nested) root.addJSON(json.nested);
  }
  root.resolveAll();
  return root;
}

function flatten(nodes: readonly MessageNode[], prefix: readonly number[], out: Map<string, number[]>): void {
  nodes.forEach((n, i) => {
    const path = [...prefix, i];
    out.set(n.fullName, path);
    flatten(n.nested, path, out);
  });
}

/** Names the user's value has that the message does not (fromObject would drop them silently). */
function unknownFields(type: protobuf.Type, value: unknown, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || out.length >= 10) return;
  for (const [k, v] of Object.entries(value)) {
    const field = type.fields[k];
    const at = path ? `${path}.${k}` : k;
    if (!field) {
      out.push(`${at}: no such field in ${type.name}`);
      continue;
    }
    const rt = field.resolve().resolvedType;
    const items =
      field.repeated && Array.isArray(v)
        ? (v as unknown[])
        : field.map && v && typeof v === 'object'
          ? Object.values(v)
          : [v];
    for (const item of items) {
      if (rt instanceof protobuf.Type) unknownFields(rt, item, at, out);
      else if (rt instanceof protobuf.Enum && typeof item === 'string' && !(item in rt.values))
        out.push(`${at}: "${item}" is not a value of ${rt.name}`);
    }
  }
}

/** bigint (exact JSON integers) to the decimal strings protobufjs takes for 64-bit fields. */
function longsAsStrings(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(longsAsStrings);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, longsAsStrings(v)]));
  return value;
}

export function protobufCodec(schema: string, references: readonly ResolvedReference[]): Codec {
  const main = parseFile(schema);
  const own = ownMessages(main);
  const files = [...references.map((r) => parseFile(r.schema)), main];
  const root = buildRoot(files, new Set(references.map((r) => r.name)));
  const paths = new Map<string, number[]>();
  flatten(own, [], paths);
  const byPath = (indexes: readonly number[]): MessageNode | undefined => {
    let level: readonly MessageNode[] = own;
    let node: MessageNode | undefined;
    for (const i of indexes) {
      node = level[i];
      if (!node) return undefined;
      level = node.nested;
    }
    return node;
  };
  return {
    type: 'PROTOBUF',
    messageTypes: [...paths.keys()],
    decode(buf, bodyStart) {
      const idx = readMessageIndexes(buf, bodyStart);
      if (!idx.ok) throw new Error(idx.error);
      const node = byPath(idx.indexes);
      if (!node) throw new Error(`message index [${idx.indexes.join(', ')}] names no message of the schema`);
      const type = root.lookupType(node.fullName);
      const message = type.decode(buf.subarray(idx.payloadStart));
      return { json: toJsonText(type.toObject(message, TO_OBJECT)), messageType: node.fullName };
    },
    encode(value, messageType) {
      const name = messageType ?? own[0]?.fullName;
      const indexes = name === undefined ? undefined : paths.get(name);
      if (name === undefined || indexes === undefined)
        throw new CodecInputError(
          `The schema has no message "${messageType ?? ''}"; it has ${[...paths.keys()].join(', ') || 'none'}.`,
        );
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new CodecInputError(`A ${name} value must be a JSON object.`);
      const type = root.lookupType(name);
      const problems: string[] = [];
      unknownFields(type, value, '', problems);
      if (problems.length > 0) throw new CodecInputError(`The value does not match ${name}: ${problems.join('; ')}`);
      let message: protobuf.Message;
      try {
        message = type.fromObject(longsAsStrings(value) as Record<string, unknown>);
      } catch (e) {
        throw new CodecInputError(`The value does not match ${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      return { payload: type.encode(message).finish(), indexes };
    },
  };
}
