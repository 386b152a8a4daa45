/**
 * Connect's REST JSON -> the contract's shapes. Connect's bodies are parsed
 * defensively (an unknown state becomes UNKNOWN, a missing field null) and
 * traces are cut to a bounded length: a task that fails in a loop can carry a
 * very long cause chain, and the list shows every connector at once.
 */
import {
  ConnectState,
  type ConfigValidation,
  type ConnectorConfig,
  type ConnectorOffset,
  type ConnectorSummary,
  type ConnectTask,
} from '../../../shared/contract/kafka/connect';
import type { Json } from './rest';

/** Enough for the exception and its first causes. */
export const MAX_TRACE_CHARS = 16_384;

type Obj = { [key: string]: Json };
const obj = (v: Json | undefined): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);

const trace = (v: Json | undefined): string | null => {
  const t = str(v);
  if (t === null) return null;
  return t.length > MAX_TRACE_CHARS
    ? `${t.slice(0, MAX_TRACE_CHARS)}\n… (${t.length - MAX_TRACE_CHARS} more characters)`
    : t;
};

const state = (v: Json | undefined): ConnectState => {
  const parsed = ConnectState.safeParse(v);
  return parsed.success ? parsed.data : 'UNKNOWN';
};

export function toConfig(v: Json | undefined): ConnectorConfig {
  const out: ConnectorConfig = {};
  for (const [k, value] of Object.entries(obj(v))) {
    if (typeof value === 'string') out[k] = value;
    else if (value !== null) out[k] = JSON.stringify(value);
  }
  return out;
}

/** `status` is GET /connectors/{name}/status (or the list's expand=status); `info` is GET /connectors/{name} (or expand=info). */
export function toSummary(name: string, status: Json | undefined, info: Json | undefined): ConnectorSummary {
  const s = obj(status);
  const i = obj(info);
  const connector = obj(s.connector);
  const typeRaw = str(s.type) ?? str(i.type);
  const tasks: ConnectTask[] = arr(s.tasks).map((t) => {
    const task = obj(t);
    return {
      id: typeof task.id === 'number' ? task.id : -1,
      state: state(task.state),
      workerId: str(task.worker_id) ?? '',
      trace: trace(task.trace),
    };
  });
  tasks.sort((a, b) => a.id - b.id);
  return {
    name,
    type: typeRaw === 'source' || typeRaw === 'sink' ? typeRaw : 'unknown',
    className: str(obj(i.config)['connector.class']),
    state: status === undefined ? 'UNKNOWN' : state(connector.state),
    workerId: str(connector.worker_id),
    trace: trace(connector.trace),
    tasks,
  };
}

/** The list with `?expand=status&expand=info`: `{ name: { status, info } }`, sorted by name. */
export function toSummaries(body: Json): ConnectorSummary[] {
  return Object.entries(obj(body))
    .map(([name, v]) => toSummary(name, obj(v).status, obj(v).info))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * PUT /connector-plugins/{class}/config/validate: `configs[].value.{name,value,errors}`.
 * Keeps the keys with errors and the keys the caller set, so the form can mark each.
 */
export function toValidation(className: string, body: Json, sent: ConnectorConfig): ConfigValidation {
  const b = obj(body);
  const fields = arr(b.configs)
    .map((c) => obj(obj(c).value))
    .map((v) => ({
      name: str(v.name) ?? '',
      value: str(v.value),
      errors: arr(v.errors).flatMap((e) => (typeof e === 'string' ? [e] : [])),
    }))
    .filter((f) => f.name !== '' && (f.errors.length > 0 || Object.hasOwn(sent, f.name)));
  const errorCount = typeof b.error_count === 'number' ? b.error_count : fields.filter((f) => f.errors.length).length;
  return { className, errorCount, fields };
}

export function toOffsets(body: Json): ConnectorOffset[] {
  return arr(obj(body).offsets).map((o) => {
    const x = obj(o);
    const offset = x.offset;
    return {
      partition: obj(x.partition),
      offset: offset === null || offset === undefined ? null : obj(offset),
    };
  });
}
