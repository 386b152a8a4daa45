/**
 * Pure helpers of the Connect screen (unit tested): the JSON a user types
 * into a connector config, and the before/after of a config edit.
 */
import type { ConnectorConfig } from '../../../../../shared/contract/kafka/connect';

export type ParsedConfig = { ok: true; config: ConnectorConfig } | { ok: false; error: string };

/**
 * A config as Connect takes it: one JSON object of string values. Numbers and
 * booleans are accepted and turned into strings (Connect stores strings);
 * nested objects, arrays and null are refused with the key named, rather than guessed at.
 */
export function parseConfigJson(text: string): ParsedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'The config must be one JSON object of "key": "value" pairs.' };
  }
  const config: ConnectorConfig = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') config[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') config[key] = String(v);
    else return { ok: false, error: `"${key}" must be a string, number or boolean (Connect stores strings).` };
  }
  return { ok: true, config };
}

export interface ConfigDiffRow {
  key: string;
  before: string | null;
  after: string | null;
}

/** The keys an edit adds, changes or removes, sorted; unchanged keys are left out. */
export function configDiff(before: ConnectorConfig, after: ConnectorConfig): ConfigDiffRow[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .map((key) => ({ key, before: before[key] ?? null, after: after[key] ?? null }))
    .filter((r) => r.before !== r.after);
}

/** A skeleton for the create dialog: the worker's file source, as the stack's plugin list offers it. */
export const EXAMPLE_CONFIG = `{
  "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
  "tasks.max": "1",
  "file": "/path/to/input.txt",
  "topic": "my-topic"
}`;

/** One line per task state, e.g. "1 RUNNING, 1 FAILED". */
export function taskSummary(tasks: readonly { state: string }[]): string {
  if (tasks.length === 0) return 'no tasks';
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}
