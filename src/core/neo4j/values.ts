/**
 * Cypher values both ways: driver values to the boundary's `Neo4jValue`
 * (exact integers, temporal values with their zone, graph entities) and typed
 * parameters from the UI to driver values. Nothing here touches the network.
 */
import neo4j, { type Node, type Path, type Relationship } from 'neo4j-driver';
import type { GraphNode, GraphRel, Neo4jValue, ParamValue } from '../../shared/contract/neo4j/values';
import { StackdeckError } from '../../shared/errors';

/** Strings longer than this are sent as a preview with their full length. */
export const MAX_STRING_CHARS = 100_000;
/** Lists longer than this are cut, with their full length. */
export const MAX_LIST_ITEMS = 10_000;
const MAX_DEPTH = 64;

type Props = [string, Neo4jValue][];

/** Entity properties sorted by key: the server's order is arbitrary, a stable one reads better and diffs. */
function propsOf(obj: Record<string, unknown>, depth: number, sort = true): Props {
  const entries = Object.entries(obj);
  if (sort) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([k, v]) => [k, toValue(v, depth + 1)]);
}

function nodeOf(n: Node, depth: number): GraphNode {
  return { t: 'node', id: n.elementId, labels: [...n.labels], props: propsOf(n.properties, depth) };
}

function relOf(r: Relationship, depth: number): GraphRel {
  return {
    t: 'rel',
    id: r.elementId,
    type: r.type,
    start: r.startNodeElementId,
    end: r.endNodeElementId,
    props: propsOf(r.properties, depth),
  };
}

function pathOf(p: Path, depth: number): Neo4jValue {
  const nodes = [nodeOf(p.start, depth)];
  const rels: GraphRel[] = [];
  for (const seg of p.segments) {
    rels.push(relOf(seg.relationship, depth));
    nodes.push(nodeOf(seg.end, depth));
  }
  return { t: 'path', nodes, rels };
}

function doubleText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return Object.is(n, -0) ? '-0.0' : Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
}

function base64(bytes: Uint8Array | Int8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Maps one driver value; `depth` guards against pathological nesting. */
export function toValue(v: unknown, depth = 0): Neo4jValue {
  if (depth > MAX_DEPTH) return { t: 'string', v: '…', truncatedFrom: 0 };
  if (v === null || v === undefined) return { t: 'null' };
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'string')
    return v.length > MAX_STRING_CHARS
      ? { t: 'string', v: v.slice(0, MAX_STRING_CHARS), truncatedFrom: v.length }
      : { t: 'string', v };
  if (typeof v === 'number') return { t: 'double', v: doubleText(v) };
  if (typeof v === 'bigint') return { t: 'int', v: v.toString() };
  // Integer.toString() divides in 64-bit software arithmetic; most values fit a double exactly.
  if (neo4j.isInt(v)) return { t: 'int', v: v.inSafeRange() ? String(v.toNumber()) : v.toString() };
  if (v instanceof Uint8Array || v instanceof Int8Array) return { t: 'binary', v: base64(v), size: v.byteLength };
  if (Array.isArray(v)) {
    const items = v.length > MAX_LIST_ITEMS ? v.slice(0, MAX_LIST_ITEMS) : v;
    const out: Neo4jValue = { t: 'array', v: items.map((x) => toValue(x, depth + 1)) };
    return v.length > MAX_LIST_ITEMS ? { ...out, truncatedFrom: v.length } : out;
  }
  if (neo4j.isNode(v)) return nodeOf(v, depth);
  if (neo4j.isRelationship(v)) return relOf(v, depth);
  if (neo4j.isPath(v)) return pathOf(v, depth);
  if (neo4j.isDate(v)) return { t: 'other', type: 'Date', v: v.toString() };
  if (neo4j.isDateTime(v)) return { t: 'other', type: 'DateTime', v: v.toString() };
  if (neo4j.isLocalDateTime(v)) return { t: 'other', type: 'LocalDateTime', v: v.toString() };
  if (neo4j.isTime(v)) return { t: 'other', type: 'Time', v: v.toString() };
  if (neo4j.isLocalTime(v)) return { t: 'other', type: 'LocalTime', v: v.toString() };
  if (neo4j.isDuration(v)) return { t: 'other', type: 'Duration', v: v.toString() };
  if (neo4j.isPoint(v)) return { t: 'other', type: 'Point', v: pointText(v) };
  if (typeof v === 'object') return { t: 'object', v: propsOf(v as Record<string, unknown>, depth, false) };
  return { t: 'string', v: String(v) };
}

function num(n: unknown): string {
  return typeof n === 'number' ? doubleText(n) : String(n);
}

/** As cypher-shell prints a point: `point({srid:4326, x:1.0, y:2.0})`. */
function pointText(p: InstanceType<typeof neo4j.types.Point>): string {
  const srid = neo4j.isInt(p.srid) ? p.srid.toString() : String(p.srid);
  const z = p.z === undefined ? '' : `, z:${num(p.z)}`;
  return `point({srid:${srid}, x:${num(p.x)}, y:${num(p.y)}${z}})`;
}

// ---------------------------------------------------------------- parameters

const DATE = /^(-?\d{4,9})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;
const OFFSET = /^(Z|[+-]\d{2}(?::?\d{2})?)$/;

function bad(where: string, what: string): never {
  throw new StackdeckError('INVALID_INPUT', `Parameter ${where}: ${what}`, { where });
}

function nanos(frac: string | undefined): number {
  return frac ? Number(frac.padEnd(9, '0')) : 0;
}

function parseTime(text: string, where: string): { h: number; m: number; s: number; ns: number } {
  const t = TIME.exec(text);
  if (!t) bad(where, `"${text}" is not a time (HH:MM[:SS[.fffffffff]]).`);
  const [h, m, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (h > 23 || m > 59 || s > 59) bad(where, `"${text}" is out of range.`);
  return { h, m, s, ns: nanos(t[4]) };
}

function parseDate(text: string, where: string): { y: number; mo: number; d: number } {
  const d = DATE.exec(text);
  if (!d) bad(where, `"${text}" is not a date (YYYY-MM-DD).`);
  const [y, mo, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (mo < 1 || mo > 12 || day < 1 || day > 31) bad(where, `"${text}" is out of range.`);
  return { y, mo, d: day };
}

function offsetSeconds(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60);
}

/** Splits `HH:MM:SS.fff+01:00[Europe/Paris]` into time, offset and zone parts. */
function splitZone(text: string): { time: string; offset?: string; zone?: string } {
  let rest = text;
  let zone: string | undefined;
  const z = /\[([^\]]+)\]$/.exec(rest);
  if (z) {
    zone = z[1];
    rest = rest.slice(0, z.index);
  }
  const o = /(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(rest);
  if (o && OFFSET.test(o[1] as string)) {
    return { time: rest.slice(0, o.index), offset: o[1] as string, ...(zone ? { zone } : {}) };
  }
  return { time: rest, ...(zone ? { zone } : {}) };
}

const DURATION =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/;

function parseDuration(text: string, where: string): InstanceType<typeof neo4j.types.Duration> {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T'))
    bad(where, `"${text}" is not an ISO-8601 duration (e.g. P1Y2M3DT4H5M6.5S).`);
  const n = (i: number): number => Number(m[i] ?? 0);
  const sign = m[1] ? -1 : 1;
  const months = Math.trunc(n(2) * 12 + n(3));
  const days = Math.trunc(n(4) * 7 + n(5));
  const seconds = Math.trunc(n(6) * 3600 + n(7) * 60 + n(8));
  return new neo4j.types.Duration(sign * months, sign * days, sign * seconds, sign * nanos(m[9]));
}

/** A typed parameter as the driver sends it; `where` names it in errors. */
export function toParam(p: ParamValue, where: string): unknown {
  switch (p.t) {
    case 'null':
      return null;
    case 'string':
    case 'bool':
      return p.v;
    case 'float':
      return p.v;
    case 'int':
      return neo4j.int(p.v);
    case 'bytes': {
      // The driver packs Int8Array (not Uint8Array) as Bolt bytes.
      const b = Buffer.from(p.v, 'base64');
      return new Int8Array(b.buffer, b.byteOffset, b.byteLength);
    }
    case 'list':
      return p.v.map((x, i) => toParam(x, `${where}[${i}]`));
    case 'map':
      return Object.fromEntries(p.v.map(([k, x]) => [k, toParam(x, `${where}.${k}`)]));
    case 'Point':
      return p.z === undefined
        ? new neo4j.types.Point(neo4j.int(p.srid), p.x, p.y)
        : new neo4j.types.Point(neo4j.int(p.srid), p.x, p.y, p.z);
    case 'Duration':
      return parseDuration(p.v, where);
    case 'Date': {
      const d = parseDate(p.v, where);
      return new neo4j.types.Date(d.y, d.mo, d.d);
    }
    case 'LocalTime': {
      const t = parseTime(p.v, where);
      return new neo4j.types.LocalTime(t.h, t.m, t.s, t.ns);
    }
    case 'Time': {
      const z = splitZone(p.v);
      if (z.offset === undefined) bad(where, `"${p.v}" needs an offset (e.g. 10:00:00+01:00); use LocalTime for none.`);
      const t = parseTime(z.time, where);
      return new neo4j.types.Time(t.h, t.m, t.s, t.ns, offsetSeconds(z.offset));
    }
    case 'LocalDateTime':
    case 'DateTime': {
      const [datePart, timePart] = p.v.split('T');
      if (datePart === undefined || timePart === undefined)
        bad(where, `"${p.v}" is not a date-time (YYYY-MM-DDTHH:MM:SS).`);
      const d = parseDate(datePart, where);
      const z = splitZone(timePart);
      const t = parseTime(z.time, where);
      if (p.t === 'LocalDateTime') {
        if (z.offset !== undefined || z.zone !== undefined) bad(where, `"${p.v}" has a zone; use DateTime for it.`);
        return new neo4j.types.LocalDateTime(d.y, d.mo, d.d, t.h, t.m, t.s, t.ns);
      }
      if (z.offset === undefined && z.zone === undefined)
        bad(where, `"${p.v}" needs an offset or a zone (e.g. +01:00 or [Europe/Paris]); use LocalDateTime for none.`);
      return new neo4j.types.DateTime(
        d.y,
        d.mo,
        d.d,
        t.h,
        t.m,
        t.s,
        t.ns,
        z.offset === undefined ? undefined : offsetSeconds(z.offset),
        z.zone,
      );
    }
  }
}

export function toParams(params: readonly [string, ParamValue][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(out, name)) bad(`$${name}`, 'is given twice.');
    out[name] = toParam(value, `$${name}`);
  }
  return out;
}
