/**
 * Where the time of a Chromium trace went, per process and thread: the
 * complete events (ph X) with the largest total duration, by name. Used to
 * profile the graph view under software WebGL:
 *
 *   npx tsx bench/neo4j.ts --skip-stream --sizes 1000 --window 15 --trace /tmp/t.json
 *   npx tsx bench/trace-summary.ts /tmp/t.json
 */
import { readFileSync } from 'node:fs';

interface Ev {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

const file = process.argv[2];
if (!file) throw new Error('usage: trace-summary <trace.json>');
const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: Ev[] } | Ev[];
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const names = new Map<string, string>();
for (const e of events)
  if (e.ph === 'M' && (e.name === 'thread_name' || e.name === 'process_name'))
    names.set(e.name === 'thread_name' ? `${e.pid}:${e.tid}` : `${e.pid}`, e.args?.name ?? '?');
const totals = new Map<string, Map<string, number>>();
for (const e of events) {
  if (e.ph !== 'X' || e.dur === undefined) continue;
  const where = `${names.get(`${e.pid}`) ?? e.pid} / ${names.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
  const m = totals.get(where) ?? new Map<string, number>();
  m.set(e.name, (m.get(e.name) ?? 0) + e.dur);
  totals.set(where, m);
}
for (const [where, m] of totals) {
  const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if ((top[0]?.[1] ?? 0) < 200_000) continue; // threads busy less than 0.2 s in all
  console.log(where);
  for (const [name, us] of top) console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}
