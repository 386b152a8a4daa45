/**
 * The page side of the Cypher language worker: completion and diagnostics
 * providers for `ui/CodeEditor`, fed with the live schema and the editor's
 * parameters. One worker per workbench, ended by `dispose`.
 */
import type { CompletionSchema } from '../../../../../shared/contract/neo4j/schema';
import { toDbSchema } from '../../../../../shared/contract/neo4j/dbSchema';
import type { CompletionProvider, DiagnosticsProvider, EditorDiagnostic } from '../../../ui/codeEditorTypes';
import type { CypherCompletion, CypherReply, CypherRequest } from './protocol';

type Pending = { resolve(r: CypherReply): void };

const SCHEMA_WAIT_MS = 5_000;

/** Where the word being completed starts: identifier characters, with a leading `$` for parameters. */
export function wordStart(text: string, pos: number, items: readonly { label: string }[]): number {
  const m = /(\$?)[A-Za-z0-9_]*$/.exec(text.slice(0, pos));
  const word = m?.[0] ?? '';
  let from = pos - word.length;
  if (m?.[1] === '$' && !items.some((i) => i.label.startsWith('$'))) from += 1;
  return from;
}

export class CypherLanguage {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private schema: CompletionSchema | null = null;
  private params: Record<string, unknown> = {};
  private schemaArrived!: () => void;
  /**
   * Lint waits for the first schema (up to SCHEMA_WAIT_MS): linted without
   * it, every label would be flagged as unknown until the next keystroke.
   */
  private readonly schemaReady = new Promise<void>((resolve) => (this.schemaArrived = resolve));

  constructor() {
    this.worker = new Worker(new URL('./cypher.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<CypherReply>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      p.resolve(e.data);
    };
    // Parsing starts at once, so the first keystroke does not pay the parser's warm-up.
    this.request({ type: 'lint', id: 0, text: 'RETURN 1' });
  }

  private request(m: CypherRequest): void {
    this.worker.postMessage(m);
  }

  private ask(make: (id: number) => CypherRequest, signal: AbortSignal): Promise<CypherReply | null> {
    const id = this.next++;
    return new Promise((resolve) => {
      const onAbort = () => {
        this.pending.delete(id);
        resolve(null);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (r) => {
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        },
      });
      this.request(make(id));
    });
  }

  private sendSchema(): void {
    // Until the live schema is read (or when reading it failed), names are not checked at all: an empty
    // list would flag every label, type and key as missing from the database.
    const schema = this.schema
      ? toDbSchema(this.schema, this.params)
      : { parameters: this.params, defaultLanguage: 'CYPHER 5' as const };
    this.request({ type: 'schema', schema });
  }

  setSchema(schema: CompletionSchema): void {
    this.schema = schema;
    this.sendSchema();
    this.schemaArrived();
  }

  /** Parameter names (and values, for type hints) the editor knows. */
  setParams(params: Record<string, unknown>): void {
    this.params = params;
    this.sendSchema();
  }

  readonly complete: CompletionProvider = async ({ text, pos, signal, explicit }) => {
    // While typing, offer names only after a name, `:`, `.`, `$` or a backtick; not after an operator,
    // a space or a bracket (Ctrl+Space still asks anywhere).
    if (!explicit && !/[\w$:.`]$/.test(text.slice(0, pos))) return null;
    const r = await this.ask((id) => ({ type: 'complete', id, text, pos, manual: explicit === true }), signal);
    if (!r || r.type !== 'complete') return null;
    const items: CypherCompletion[] = r.items;
    return {
      from: wordStart(text, pos, items),
      options: items.map((i) => ({
        label: i.label,
        type: i.type,
        ...(i.detail ? { detail: i.detail } : {}),
        ...(i.insert ? { apply: i.insert } : {}),
      })),
    };
  };

  readonly lint: DiagnosticsProvider = async (text, signal) => {
    if (text.trim() === '') return [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.schemaReady, new Promise((r) => (timer = setTimeout(r, SCHEMA_WAIT_MS)))]);
    clearTimeout(timer);
    if (signal.aborted) return [];
    const r = await this.ask((id) => ({ type: 'lint', id, text }), signal);
    if (!r || r.type !== 'lint') return [];
    return r.diagnostics satisfies EditorDiagnostic[];
  };

  dispose(): void {
    this.worker.terminate();
    this.pending.clear();
  }
}
