/**
 * Cypher values as text (as cypher-shell prints them), as document trees for
 * DocumentView, and the cypher-shell table of a result. Pure functions.
 */
import type { DocValue } from '../../../../shared/docValue';
import type { GraphNode, GraphRel, Neo4jValue } from '../../../../shared/contract/neo4j/values';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const name = (s: string): string => (IDENT.test(s) ? s : `\`${s.replace(/`/g, '``')}\``);
const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function propsText(props: [string, Neo4jValue][]): string {
  return props.length === 0 ? '' : ` {${props.map(([k, v]) => `${name(k)}: ${cypherText(v)}`).join(', ')}}`;
}

export function nodeText(n: GraphNode): string {
  return `(${n.labels.map((l) => `:${name(l)}`).join('')}${propsText(n.props)})`;
}

export function relText(r: GraphRel): string {
  return `[:${name(r.type)}${propsText(r.props)}]`;
}

/** A value as cypher-shell prints it (strings quoted). */
export function cypherText(v: Neo4jValue): string {
  switch (v.t) {
    case 'null':
      return 'NULL';
    case 'bool':
      return v.v ? 'TRUE' : 'FALSE';
    case 'int':
    case 'double':
    case 'other':
      return v.v;
    case 'string':
      return quote(v.v) + (v.truncatedFrom === undefined ? '' : `…(${v.truncatedFrom} chars)`);
    case 'binary':
      return `<${v.size} bytes>`;
    case 'array':
      return `[${v.v.map(cypherText).join(', ')}${v.truncatedFrom === undefined ? '' : `, …(${v.truncatedFrom} items)`}]`;
    case 'object':
      return `{${v.v.map(([k, x]) => `${name(k)}: ${cypherText(x)}`).join(', ')}}`;
    case 'node':
      return nodeText(v);
    case 'rel':
      return relText(v);
    case 'path': {
      let out = nodeText(v.nodes[0] ?? { t: 'node', id: '', labels: [], props: [] });
      v.rels.forEach((r, i) => {
        const from = v.nodes[i];
        const forward = from !== undefined && r.start === from.id;
        out += forward ? `-${relText(r)}->` : `<-${relText(r)}-`;
        const next = v.nodes[i + 1];
        if (next) out += nodeText(next);
      });
      return out;
    }
  }
}

/** A table cell: like cypherText, but top-level strings unquoted. Long text is cut (the DOM stays small). */
export function cellText(v: Neo4jValue, max = 300): string {
  const text = v.t === 'string' ? v.v : cypherText(v);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

const obj = (entries: [string, DocValue][]): DocValue => ({ t: 'object', v: entries });
const propsDoc = (props: [string, Neo4jValue][]): DocValue => obj(props.map(([k, v]) => [k, toDocValue(v)]));

/** Graph entities become plain objects (elementId, labels/type, properties) for the document tree. */
export function toDocValue(v: Neo4jValue): DocValue {
  switch (v.t) {
    case 'string':
      return { t: 'string', v: v.v };
    case 'array':
      return { t: 'array', v: v.v.map(toDocValue) };
    case 'object':
      return obj(v.v.map(([k, x]) => [k, toDocValue(x)]));
    case 'node':
      return obj([
        ['elementId', { t: 'string', v: v.id }],
        ['labels', { t: 'array', v: v.labels.map((l) => ({ t: 'string', v: l })) }],
        ['properties', propsDoc(v.props)],
      ]);
    case 'rel':
      return obj([
        ['elementId', { t: 'string', v: v.id }],
        ['type', { t: 'string', v: v.type }],
        ['startNodeElementId', { t: 'string', v: v.start }],
        ['endNodeElementId', { t: 'string', v: v.end }],
        ['properties', propsDoc(v.props)],
      ]);
    case 'path':
      return obj([
        ['nodes', { t: 'array', v: v.nodes.map(toDocValue) }],
        ['relationships', { t: 'array', v: v.rels.map(toDocValue) }],
      ]);
    default:
      return v;
  }
}

/** The result as cypher-shell's table format prints it. */
export function tableText(keys: readonly string[], rows: readonly Neo4jValue[][], maxWidth = 80): string {
  const cells = rows.map((r) => r.map((v) => clip(cypherText(v), maxWidth)));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((r) => (r[i] ?? '').length)));
  // cypher-shell draws one unbroken rule: no `+` between columns.
  const line = `+${'-'.repeat(widths.reduce((n, w) => n + w + 3, 0) - 1)}+`;
  const row = (vals: readonly string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const out = [line, row(keys), line, ...cells.map(row), line];
  return out.join('\n');
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
