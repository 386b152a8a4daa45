/**
 * A document value as a tagged tree, so typed values (64-bit integers,
 * decimals, ObjectIds, dates, binary) cross the core/renderer boundary without
 * loss: numbers travel as their decimal text, binary as base64. Used by Kafka
 * values, MongoDB documents, Neo4j properties, Redis JSON and result grids.
 */
export * from './docValueBase';
export * from './docValueJson';
export * from './docValueText';
import { IDENT, type DocPath, type DocValue } from './docValueBase';

/** A path as code: `items[0].name`, `headers["content-type"]` (the form CEL and JavaScript both read). */
export function formatPath(path: DocPath, root = ''): string {
  let out = root;
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (IDENT.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** A path in MongoDB dot notation: `items.0.name`. */
export function dotPath(path: DocPath): string {
  return path.map(String).join('.');
}

/** Field paths of a value, depth first, at most `limit` (for completion: `value.user.id`, `value.items`). */
export function fieldPaths(v: DocValue, limit = 500, maxDepth = 6): DocPath[] {
  const out: DocPath[] = [];
  const walk = (x: DocValue, path: (string | number)[], depth: number): void => {
    if (out.length >= limit || depth > maxDepth) return;
    if (x.t === 'object') {
      for (const [k, c] of x.v) {
        if (out.length >= limit) return;
        const p = [...path, k];
        out.push(p);
        walk(c, p, depth + 1);
      }
    } else if (x.t === 'array' && x.v.length > 0 && x.v[0] !== undefined) {
      // Arrays: the shape of the first element, under [0].
      walk(x.v[0], [...path, 0], depth + 1);
    }
  };
  walk(v, [], 0);
  return out;
}
