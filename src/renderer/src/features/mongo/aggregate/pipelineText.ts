/**
 * The pipeline as text and back, and as code to paste elsewhere. Stages are
 * kept as the user's shell-syntax text; only core parses them. Splitting a
 * pipeline's text into stages tracks strings and brackets, nothing more.
 */
import { STAGE_OPERATORS } from '@mongodb-js/mongodb-constants';

export interface StageCard {
  id: number;
  text: string;
  enabled: boolean;
}

export function pipelineText(stages: readonly StageCard[], onlyEnabled = true): string {
  const list = stages.filter((s) => !onlyEnabled || s.enabled).map((s) => s.text.trim() || '{}');
  if (list.length === 0) return '[]';
  return `[\n${list.map((t) => `  ${t.split('\n').join('\n  ')}`).join(',\n')}\n]`;
}

/** Top-level elements of `[ a, b ]` in shell syntax; null when the text is not an array. */
export function splitPipeline(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return null;
  const body = t.slice(1, -1);
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let escaped = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quote) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '{' || ch === '[' || ch === '(') depth++;
    else if (ch === '}' || ch === ']' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = body.slice(start).trim();
  if (last) out.push(last);
  return out.filter((s) => s !== '');
}

/** The stage's template from the constants, placeholders reduced to their names. */
export function stageTemplate(name: string): string {
  const op = STAGE_OPERATORS.find((s) => s.name === name);
  const snippet = op ? (op.snippet as string).replace(/\$\{\d+:([^}]*)\}/g, '$1') : '{}';
  return `{\n  ${name}: ${snippet.split('\n').join('\n  ')}\n}`;
}

export const STAGE_NAMES: readonly string[] = STAGE_OPERATORS.map((s) => s.name as string);

export function stageDescription(name: string): string {
  return (STAGE_OPERATORS.find((s) => s.name === name)?.description as string | undefined) ?? '';
}

/** Walks text outside strings, letting `fn` rewrite the code parts (for the Python export). */
function mapCode(text: string, fn: (code: string) => string): string {
  let out = '';
  let code = '';
  let quote: string | null = null;
  let escaped = false;
  for (const ch of text) {
    if (quote) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      out += fn(code) + ch;
      code = '';
      quote = ch;
    } else code += ch;
  }
  return out + fn(code);
}

export function asShell(db: string, collection: string, text: string): string {
  return `use(${JSON.stringify(db)});\ndb.getCollection(${JSON.stringify(collection)}).aggregate(${text});\n`;
}

export function asNode(db: string, collection: string, text: string): string {
  const js = mapCode(text, (c) => c.replace(/\b(ObjectId|UUID|Timestamp|Decimal128|Long|Int32|Double)\(/g, 'new $1('));
  return (
    `import { MongoClient, ObjectId, UUID, Timestamp, Decimal128, Long, Int32, Double } from 'mongodb';\n\n` +
    `const client = new MongoClient(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017');\n` +
    `const pipeline = ${js};\n` +
    `const docs = await client.db(${JSON.stringify(db)}).collection(${JSON.stringify(collection)}).aggregate(pipeline).toArray();\n` +
    `console.log(docs);\nawait client.close();\n`
  );
}

export function asPython(db: string, collection: string, text: string): string {
  const py = mapCode(text, (c) =>
    c
      .replace(/([{,]\s*)([$A-Za-z_][\w$]*)(\s*:)/g, '$1"$2"$3')
      .replace(/\btrue\b/g, 'True')
      .replace(/\bfalse\b/g, 'False')
      .replace(/\bnull\b/g, 'None')
      .replace(/\bISODate\(/g, 'dateutil_parse(')
      .replace(/\bNumberLong\(/g, 'Int64('),
  );
  return (
    `from pymongo import MongoClient\nfrom bson import ObjectId, Int64, Decimal128\nfrom dateutil.parser import parse as dateutil_parse\n\n` +
    `client = MongoClient("mongodb://127.0.0.1:27017")\n` +
    `pipeline = ${py}\n` +
    `docs = list(client[${JSON.stringify(db)}][${JSON.stringify(collection)}].aggregate(pipeline))\nprint(docs)\n`
  );
}
