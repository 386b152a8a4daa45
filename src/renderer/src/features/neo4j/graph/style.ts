/**
 * Node styles by label: colour, size and the property shown as caption,
 * chosen per label and remembered per connection in localStorage (bounded). A
 * label without a stored style gets a colour from a fixed palette by a hash
 * of its name, so the same label has the same colour in every result.
 */
import type { GraphNode, Neo4jValue } from '../../../../../shared/contract/neo4j/values';

export interface LabelStyle {
  color: string;
  /** Node radius in pixels at zoom 1. */
  size: number;
  /** Property key shown as caption; '' = automatic (name, title, ... or the first text property). */
  caption: string;
}

export const PALETTE = [
  '#4C8EDA',
  '#F79767',
  '#57C7E3',
  '#F16667',
  '#D9C8AE',
  '#8DCC93',
  '#ECB5C9',
  '#C990C0',
  '#FFC454',
  '#DA7194',
  '#569480',
  '#A5ABB6',
];
export const SIZES = [6, 9, 12, 16];
const DEFAULT_SIZE = 9;
const MAX_LABELS = 200;
const CAPTION_KEYS = ['name', 'title', 'caption', 'label', 'id', 'username', 'email', 'code'];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function defaultStyle(label: string): LabelStyle {
  return { color: PALETTE[hash(label) % PALETTE.length] ?? '#A5ABB6', size: DEFAULT_SIZE, caption: '' };
}

export type StyleMap = Record<string, LabelStyle>;

const storageKey = (connectionId: string) => `stackdeck.neo4j.styles.${connectionId}`;

function isStyle(v: unknown): v is LabelStyle {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.color === 'string' &&
    /^#[0-9a-fA-F]{6}$/.test(o.color) &&
    typeof o.size === 'number' &&
    o.size > 0 &&
    o.size <= 40 &&
    typeof o.caption === 'string'
  );
}

export function loadStyles(connectionId: string, storage: Pick<Storage, 'getItem'> | null = globalStorage()): StyleMap {
  try {
    const raw = storage?.getItem(storageKey(connectionId));
    if (!raw) return {};
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: StyleMap = {};
    for (const [k, v] of Object.entries(parsed)) if (isStyle(v)) out[k] = v;
    return out;
  } catch {
    return {};
  }
}

export function saveStyles(
  connectionId: string,
  styles: StyleMap,
  storage: Pick<Storage, 'setItem'> | null = globalStorage(),
): void {
  const entries = Object.entries(styles).slice(-MAX_LABELS);
  try {
    storage?.setItem(storageKey(connectionId), JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Storage full or unavailable: styles then last for this session only.
  }
}

function globalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The style of a node: that of its first label with a stored style, else of its first label. */
export function styleOf(node: GraphNode, styles: StyleMap): LabelStyle {
  for (const l of node.labels) {
    const s = styles[l];
    if (s) return s;
  }
  const first = node.labels[0];
  return first === undefined ? { color: '#A5ABB6', size: DEFAULT_SIZE, caption: '' } : defaultStyle(first);
}

function scalarText(v: Neo4jValue): string | null {
  switch (v.t) {
    case 'string':
    case 'int':
    case 'double':
    case 'other':
      return v.v;
    case 'bool':
      return String(v.v);
    default:
      return null;
  }
}

/** The caption of a node: the chosen property, else a name-like one, else the first text property, else its label. */
export function captionOf(node: GraphNode, style: LabelStyle, max = 40): string {
  const props = new Map(node.props);
  const pick = (k: string): string | null => {
    const v = props.get(k);
    return v === undefined ? null : scalarText(v);
  };
  let text: string | null = style.caption ? pick(style.caption) : null;
  if (text === null) for (const k of CAPTION_KEYS) if ((text = pick(k)) !== null) break;
  if (text === null) for (const [, v] of node.props) if (v.t === 'string' && (text = v.v) !== null) break;
  text ??= node.labels[0] ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
