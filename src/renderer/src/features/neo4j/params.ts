/**
 * Parameters as the Browser's `:param` commands set them. The value after
 * `=>` is a Cypher expression that the server evaluates (`RETURN <expr>`), as
 * Neo4j Browser does, so every literal Cypher accepts works; its typed result
 * is then kept as a typed parameter and sent as such, never spliced into text.
 */
import type { Neo4jValue, ParamValue } from '../../../../shared/contract/neo4j/values';

export type ParamCommand =
  | { kind: 'set'; name: string; expr: string }
  | { kind: 'list' }
  | { kind: 'clear' }
  | { kind: 'invalid'; message: string };

const SET = /^:params?\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*([\s\S]+?)\s*;?\s*$/;

/** Parses `:param name => expr`, `:params`, `:params clear` (and `:param` with `:`). Null if not a command. */
export function parseParamCommand(text: string): ParamCommand | null {
  const t = text.trim();
  if (!t.startsWith(':')) return null;
  if (/^:params?\s*$/.test(t)) return { kind: 'list' };
  if (/^:params?\s+clear\s*$/.test(t)) return { kind: 'clear' };
  const m = SET.exec(t);
  if (m) return { kind: 'set', name: m[1] as string, expr: m[2] as string };
  if (/^:params?\b/.test(t))
    return { kind: 'invalid', message: 'Write :param name => value (a Cypher expression), :params, or :params clear.' };
  return {
    kind: 'invalid',
    message: `Unknown command "${t.split(/\s/)[0] ?? t}". Commands: :param name => value, :params, :params clear.`,
  };
}

const POINT = /^point\(\{srid:(\d+), x:([^,]+), y:([^,}]+)(?:, z:([^}]+))?\}\)$/;

/** A value the server returned, as the typed parameter that sends it back unchanged. */
export function paramFromValue(v: Neo4jValue): ParamValue {
  switch (v.t) {
    case 'null':
      return { t: 'null' };
    case 'bool':
      return { t: 'bool', v: v.v };
    case 'int':
      return { t: 'int', v: v.v };
    case 'double':
      return { t: 'float', v: Number(v.v) };
    case 'string':
      if (v.truncatedFrom !== undefined) throw new Error('The string is too long for a parameter set this way.');
      return { t: 'string', v: v.v };
    case 'binary':
      return { t: 'bytes', v: v.v };
    case 'array':
      return { t: 'list', v: v.v.map(paramFromValue) };
    case 'object':
      return { t: 'map', v: v.v.map(([k, x]) => [k, paramFromValue(x)]) };
    case 'other': {
      if (v.type !== 'Point') return { t: v.type, v: v.v };
      const m = POINT.exec(v.v);
      if (!m) throw new Error(`Cannot read the point ${v.v}.`);
      const srid = Number(m[1]) as 4326;
      const p: ParamValue = { t: 'Point', srid, x: Number(m[2]), y: Number(m[3]) };
      return m[4] === undefined ? p : { ...p, z: Number(m[4]) };
    }
    default:
      throw new Error('Nodes, relationships and paths cannot be parameters; use their properties or ids.');
  }
}

/** Short text of a parameter for the panel and `:params`. */
export function paramText(p: ParamValue): string {
  switch (p.t) {
    case 'null':
      return 'null';
    case 'string':
      return JSON.stringify(p.v);
    case 'int':
    case 'bool':
      return String(p.v);
    case 'float':
      return Number.isInteger(p.v) ? `${p.v}.0` : String(p.v);
    case 'bytes':
      return `bytes(${p.v})`;
    case 'list':
      return `[${p.v.map(paramText).join(', ')}]`;
    case 'map':
      return `{${p.v.map(([k, x]) => `${k}: ${paramText(x)}`).join(', ')}}`;
    case 'Point':
      return `point({srid: ${p.srid}, x: ${p.x}, y: ${p.y}${p.z === undefined ? '' : `, z: ${p.z}`}})`;
    default:
      return `${p.t.toLowerCase()}(${JSON.stringify(p.v)})`;
  }
}

/** Types the parameters panel offers. */
export const PANEL_TYPES = [
  'string',
  'int',
  'float',
  'bool',
  'Date',
  'DateTime',
  'LocalDateTime',
  'Time',
  'LocalTime',
  'Duration',
  'Point',
  'list',
  'map',
] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

/**
 * The panel's text for one type as a parameter. list and map (and anything
 * the panel cannot check itself) are Cypher expressions the server evaluates:
 * for those this returns `{ expr }`.
 */
export function panelValue(
  type: PanelType,
  text: string,
): { value: ParamValue } | { expr: string } | { error: string } {
  const t = text.trim();
  switch (type) {
    case 'string':
      return { value: { t: 'string', v: text } };
    case 'int':
      return /^-?\d{1,19}$/.test(t) ? { value: { t: 'int', v: t } } : { error: 'an integer, like 42 or -7' };
    case 'float': {
      const n = Number(t);
      return t !== '' && Number.isFinite(n) ? { value: { t: 'float', v: n } } : { error: 'a number, like 1.5' };
    }
    case 'bool':
      return t === 'true' || t === 'false' ? { value: { t: 'bool', v: t === 'true' } } : { error: 'true or false' };
    case 'Point': {
      const m = /^(-?[\d.]+)\s*[, ]\s*(-?[\d.]+)(?:\s*[, ]\s*(-?[\d.]+))?$/.exec(t);
      if (!m) return { expr: t };
      // x, y (WGS-84 longitude, latitude); a third number makes it 3D.
      const p: ParamValue = { t: 'Point', srid: m[3] ? 4979 : 4326, x: Number(m[1]), y: Number(m[2]) };
      return { value: m[3] ? { ...p, z: Number(m[3]) } : p };
    }
    case 'list':
    case 'map':
      return t === '' ? { error: type === 'list' ? 'a list, like [1, 2]' : 'a map, like {a: 1}' } : { expr: t };
    default:
      return t === '' ? { error: 'a value in ISO-8601 form' } : { value: { t: type, v: t } };
  }
}
