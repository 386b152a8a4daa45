/**
 * The query bar's state, and its text in History and Saved: the filter alone
 * when nothing else is set (what people search for), otherwise one JSON
 * object of the parts that are set. Either reads back into the bar.
 */
import type { QueryTextInput } from '../../../../../shared/contract/mongo/documents';

export interface QueryState {
  filter: string;
  project: string;
  sort: string;
  collation: string;
  hint: string;
  skip: number;
  limit: number;
  maxTimeMS: number;
}

export const EMPTY_QUERY: QueryState = {
  filter: '',
  project: '',
  sort: '',
  collation: '',
  hint: '',
  skip: 0,
  limit: 0,
  maxTimeMS: 60_000,
};

export function toQueryText(q: QueryState): QueryTextInput {
  return { ...q };
}

export function historyText(q: QueryState): string {
  const extra = (['project', 'sort', 'collation', 'hint'] as const).filter((k) => q[k].trim() !== '');
  if (extra.length === 0 && q.skip === 0 && q.limit === 0) return q.filter.trim() || '{}';
  const out: Record<string, string | number> = { filter: q.filter };
  for (const k of extra) out[k] = q[k];
  if (q.skip) out.skip = q.skip;
  if (q.limit) out.limit = q.limit;
  return JSON.stringify(out);
}

export function fromHistoryText(text: string): QueryState {
  const t = text.trim();
  if (t.startsWith('{"filter":')) {
    try {
      const o = JSON.parse(t) as Partial<Record<keyof QueryState, unknown>>;
      const str = (v: unknown): string => (typeof v === 'string' ? v : '');
      const num = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
      return {
        ...EMPTY_QUERY,
        filter: str(o.filter),
        project: str(o.project),
        sort: str(o.sort),
        collation: str(o.collation),
        hint: str(o.hint),
        skip: num(o.skip),
        limit: num(o.limit),
      };
    } catch {
      // not our JSON: a filter that happens to start that way
    }
  }
  return { ...EMPTY_QUERY, filter: t === '{}' ? '' : t };
}
