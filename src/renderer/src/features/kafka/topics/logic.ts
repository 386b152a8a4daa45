/**
 * Pure logic of the cluster and topic screens (unit tested without a DOM):
 * number formatting, the topic list's filter and sort, the config editor's
 * operations and before/after diff, and the create-topic form.
 */
import type {
  ConfigEntryView,
  ConfigOpInput,
  TopicStats,
  TopicSummary,
} from '../../../../../shared/contract/kafka/topics';
import { topicNameProblem, topicNameWarning } from '../../../../../shared/contract/kafka/topicName';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB"; null -> "—" (not known yet, or not reported). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}

export type TopicSortKey = 'name' | 'partitions' | 'replicationFactor' | 'underReplicated' | 'messages' | 'size';
export interface TopicSort {
  key: TopicSortKey;
  desc: boolean;
}

/**
 * Case-insensitive substring filter and a stable sort. Counts and sizes load
 * lazily, so rows without stats sort last whatever the direction.
 */
export function filterSortTopics(
  topics: readonly TopicSummary[],
  query: string,
  sort: TopicSort,
  stats: ReadonlyMap<string, TopicStats>,
): TopicSummary[] {
  const q = query.trim().toLowerCase();
  const rows = q === '' ? [...topics] : topics.filter((t) => t.name.toLowerCase().includes(q));
  const value = (t: TopicSummary): number | string | null => {
    switch (sort.key) {
      case 'name':
        return t.name;
      case 'messages':
        return stats.get(t.name)?.messages ?? null;
      case 'size':
        return stats.get(t.name)?.sizeBytes ?? null;
      case 'underReplicated':
        return t.underReplicated + t.offline * 1e6;
      default:
        return t[sort.key];
    }
  };
  const dir = sort.desc ? -1 : 1;
  return rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? cmp(a.name, b.name) : va === null ? 1 : -1;
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return c === 0 ? cmp(a.name, b.name) : c * dir;
  });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The edits of the config dialog: a new value, or "reset" (remove the topic override). */
export type ConfigEdit = { kind: 'set'; value: string } | { kind: 'reset' };

/** Edits that change something, as IncrementalAlterConfigs operations (sorted by key). */
export function configOps(
  entries: readonly ConfigEntryView[],
  edits: Readonly<Record<string, ConfigEdit>>,
): ConfigOpInput[] {
  const ops: ConfigOpInput[] = [];
  for (const [name, edit] of Object.entries(edits)) {
    const entry = entries.find((e) => e.name === name);
    if (edit.kind === 'reset') {
      if (entry?.origin === 'dynamic') ops.push({ op: 'delete', name });
    } else if (entry === undefined || entry.isSensitive || entry.value !== edit.value) {
      ops.push({ op: 'set', name, value: edit.value });
    }
  }
  return ops.sort((a, b) => cmp(a.name, b.name));
}

export interface DiffRow {
  name: string;
  before: string;
  beforeOrigin: string;
  after: string;
}

const shown = (e: ConfigEntryView | undefined): string =>
  e === undefined ? '(not set)' : e.isSensitive ? '(hidden)' : (e.value ?? '(not set)');

/** The before/after table shown before confirming. */
export function diffRows(entries: readonly ConfigEntryView[], ops: readonly ConfigOpInput[]): DiffRow[] {
  return ops.map((op) => {
    const e = entries.find((x) => x.name === op.name);
    return {
      name: op.name,
      before: shown(e),
      beforeOrigin: e?.origin ?? 'unknown',
      after: op.op === 'delete' ? '(inherited: broker or default value)' : op.value,
    };
  });
}

export interface CreateForm {
  name: string;
  partitions: string;
  replicationFactor: string;
  /** One `key=value` per line; blank lines and lines starting with # are ignored. */
  configs: string;
}

export interface CreateCheck {
  errors: Partial<Record<keyof CreateForm, string>>;
  warning: string | null;
  /** Present when there are no errors. */
  request?: { name: string; partitions: number; replicationFactor: number; configs: Record<string, string> };
}

function wholeNumber(text: string, what: string, min: number, max: number): { value?: number; error?: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { error: `${what} must be a whole number.` };
  const n = Number(t);
  if (n < min || n > max) return { error: `${what} must be between ${min} and ${max}.` };
  return { value: n };
}

export function parseConfigLines(text: string): { configs: Record<string, string>; error?: string } {
  const configs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { configs, error: `Line ${i + 1}: write key=value (e.g. retention.ms=86400000).` };
    const key = line.slice(0, eq).trim();
    if (Object.hasOwn(configs, key)) return { configs, error: `Line ${i + 1}: "${key}" is set twice.` };
    configs[key] = line.slice(eq + 1).trim();
  }
  return { configs };
}

export function checkCreateForm(form: CreateForm, brokerCount: number | null): CreateCheck {
  const errors: CreateCheck['errors'] = {};
  const name = form.name.trim();
  const nameProblem = topicNameProblem(name);
  if (nameProblem) errors.name = nameProblem;
  const partitions = wholeNumber(form.partitions, 'Partitions', 1, 100_000);
  if (partitions.error) errors.partitions = partitions.error;
  const rf = wholeNumber(form.replicationFactor, 'Replication factor', 1, brokerCount ?? 32_767);
  if (rf.error)
    errors.replicationFactor =
      brokerCount !== null && rf.value === undefined && /between/.test(rf.error)
        ? `${rf.error} The cluster has ${brokerCount} broker${brokerCount === 1 ? '' : 's'}.`
        : rf.error;
  const configs = parseConfigLines(form.configs);
  if (configs.error) errors.configs = configs.error;
  const warning = nameProblem ? null : topicNameWarning(name);
  if (Object.keys(errors).length > 0 || partitions.value === undefined || rf.value === undefined)
    return { errors, warning };
  return {
    errors,
    warning,
    request: { name, partitions: partitions.value, replicationFactor: rf.value, configs: configs.configs },
  };
}

/** `topic:<name>` resource ids of the shell's tabs. */
export const topicResource = (name: string): string => `topic:${name}`;
export const topicOfResource = (resource: string): string | null =>
  resource.startsWith('topic:') ? resource.slice('topic:'.length) : null;
