import { z } from 'zod';

/**
 * Values of Cypher results as they cross the boundary. The scalar, list and
 * map cases are exactly the shared `DocValue` tags (integers as decimal strings
 * so 64-bit values stay exact; temporal types, durations and points as
 * `other` with the Cypher type name and the value as Cypher prints it, zone
 * included), plus the three graph entities. `toDocValue` in the renderer maps
 * a graph entity onto a plain object for the document tree.
 */

export type Neo4jValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: string }
  | { t: 'double'; v: string }
  /** `truncatedFrom`: the full length in UTF-16 units when only a preview was sent. */
  | { t: 'string'; v: string; truncatedFrom?: number }
  | { t: 'binary'; v: string; size: number }
  | { t: 'array'; v: Neo4jValue[]; truncatedFrom?: number }
  | { t: 'object'; v: [string, Neo4jValue][] }
  | { t: 'other'; type: TemporalOrSpatial; v: string }
  | GraphNode
  | GraphRel
  | { t: 'path'; nodes: GraphNode[]; rels: GraphRel[] };

export interface GraphNode {
  t: 'node';
  /** elementId. */
  id: string;
  labels: string[];
  props: [string, Neo4jValue][];
}

export interface GraphRel {
  t: 'rel';
  id: string;
  type: string;
  start: string;
  end: string;
  props: [string, Neo4jValue][];
}

export const TemporalOrSpatial = z.enum([
  'Date',
  'DateTime',
  'LocalDateTime',
  'Time',
  'LocalTime',
  'Duration',
  'Point',
]);
export type TemporalOrSpatial = z.infer<typeof TemporalOrSpatial>;

const props = (): z.ZodType<[string, Neo4jValue][]> => z.array(z.tuple([z.string(), Neo4jValue]));

export const GraphNode: z.ZodType<GraphNode> = z.lazy(() =>
  z.object({ t: z.literal('node'), id: z.string(), labels: z.array(z.string()), props: props() }),
);
export const GraphRel: z.ZodType<GraphRel> = z.lazy(() =>
  z.object({
    t: z.literal('rel'),
    id: z.string(),
    type: z.string(),
    start: z.string(),
    end: z.string(),
    props: props(),
  }),
);

export const Neo4jValue: z.ZodType<Neo4jValue> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('null') }),
    z.object({ t: z.literal('bool'), v: z.boolean() }),
    z.object({ t: z.literal('int'), v: z.string() }),
    z.object({ t: z.literal('double'), v: z.string() }),
    z.object({ t: z.literal('string'), v: z.string(), truncatedFrom: z.number().int().optional() }),
    z.object({ t: z.literal('binary'), v: z.string(), size: z.number().int() }),
    z.object({ t: z.literal('array'), v: z.array(Neo4jValue), truncatedFrom: z.number().int().optional() }),
    z.object({ t: z.literal('object'), v: props() }),
    z.object({ t: z.literal('other'), type: TemporalOrSpatial, v: z.string() }),
    GraphNode,
    GraphRel,
    z.object({ t: z.literal('path'), nodes: z.array(GraphNode), rels: z.array(GraphRel) }),
  ]),
);

const INT_TEXT = /^-?\d{1,19}$/;

/**
 * A typed query parameter. Integers travel as decimal text (exact to 64 bits);
 * temporal values as ISO-8601 text (`DateTime` may end in `[Zone/Id]`);
 * points as coordinates with their SRID (4326/4979 WGS-84, 7203/9157 Cartesian).
 */
export type ParamValue =
  | { t: 'null' }
  | { t: 'string'; v: string }
  | { t: 'int'; v: string }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'bytes'; v: string }
  | { t: 'list'; v: ParamValue[] }
  | { t: 'map'; v: [string, ParamValue][] }
  | { t: 'Date' | 'DateTime' | 'LocalDateTime' | 'Time' | 'LocalTime' | 'Duration'; v: string }
  | { t: 'Point'; srid: number; x: number; y: number; z?: number };

export const ParamValue: z.ZodType<ParamValue> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('null') }),
    z.object({ t: z.literal('string'), v: z.string().max(10_000_000) }),
    z.object({ t: z.literal('int'), v: z.string().regex(INT_TEXT, 'an integer in decimal digits') }),
    z.object({ t: z.literal('float'), v: z.number() }),
    z.object({ t: z.literal('bool'), v: z.boolean() }),
    z.object({ t: z.literal('bytes'), v: z.base64() }),
    z.object({ t: z.literal('list'), v: z.array(ParamValue).max(100_000) }),
    z.object({ t: z.literal('map'), v: z.array(z.tuple([z.string(), ParamValue])).max(10_000) }),
    z.object({
      t: z.enum(['Date', 'DateTime', 'LocalDateTime', 'Time', 'LocalTime', 'Duration']),
      v: z.string().min(1).max(100),
    }),
    z.object({
      t: z.literal('Point'),
      srid: z.union([z.literal(4326), z.literal(4979), z.literal(7203), z.literal(9157)]),
      x: z.number(),
      y: z.number(),
      z: z.number().optional(),
    }),
  ]),
);

/** Parameter names as Cypher accepts them after `$`. */
export const ParamName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name: letters, digits and _, not starting with a digit');
