/** Parsers of INFO, SLOWLOG GET and CLIENT LIST replies (pure; unit tested through the integration test). */

export function parseInfo(text: string): { name: string; fields: { key: string; value: string }[] }[] {
  const sections: { name: string; fields: { key: string; value: string }[] }[] = [];
  let cur: { name: string; fields: { key: string; value: string }[] } | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      cur = { name: line.slice(1).trim(), fields: [] };
      sections.push(cur);
      continue;
    }
    const at = line.indexOf(':');
    if (at === -1 || !cur) continue;
    cur.fields.push({ key: line.slice(0, at), value: line.slice(at + 1) });
  }
  return sections;
}

/** "keys=1,expires=0,avg_ttl=0" per "db0". */
export function parseKeyspace(fields: { key: string; value: string }[]) {
  return fields
    .filter((f) => /^db\d+$/.test(f.key))
    .map((f) => {
      const kv = Object.fromEntries(f.value.split(',').map((p) => p.split('=') as [string, string]));
      return {
        db: Number(f.key.slice(2)),
        keys: Number(kv.keys ?? 0),
        expires: Number(kv.expires ?? 0),
        avgTtl: Number(kv.avg_ttl ?? 0),
      };
    });
}

const str = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString() : String(v ?? ''));

export function parseSlowlog(reply: unknown) {
  return (Array.isArray(reply) ? (reply as unknown[][]) : []).map((e) => ({
    id: Number(e[0]),
    at: Number(e[1]),
    durationUs: Number(e[2]),
    args: (Array.isArray(e[3]) ? (e[3] as unknown[]) : []).map(str),
    client: str(e[4]),
  }));
}

/** CLIENT LIST: one line per client of "k=v" pairs. */
export function parseClients(text: string, max: number): { rows: Record<string, string>[]; total: number } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const rows = lines.slice(0, max).map((l) => {
    const row: Record<string, string> = {};
    for (const pair of l.trim().split(' ')) {
      const at = pair.indexOf('=');
      if (at > 0) row[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return row;
  });
  return { rows, total: lines.length };
}
