import type {
  CompletionContext,
  CompletionResult as CmCompletionResult,
  CompletionSource,
} from '@codemirror/autocomplete';
import type { Diagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import type { CompletionProvider, DiagnosticsProvider } from '../codeEditorTypes';

/** Identifier characters: while the user types these, CodeMirror filters the last answer instead of asking again. */
const WORD = /^[\w$]*$/;

/**
 * Adapts an async CompletionProvider to a CodeMirror completion source. The
 * provider's signal aborts when CodeMirror drops the request (the document
 * changed, the completion closed), so a provider that asks a server stops.
 * `get` is read on each request so the React prop can change freely.
 */
export function completionSource(get: () => CompletionProvider | undefined): CompletionSource {
  return async (context: CompletionContext): Promise<CmCompletionResult | null> => {
    const provider = get();
    if (!provider) return null;
    const controller = new AbortController();
    context.addEventListener('abort', () => controller.abort(), { onDocChange: true });
    try {
      const result = await provider({
        text: context.state.doc.toString(),
        pos: context.pos,
        signal: controller.signal,
        explicit: context.explicit,
      });
      if (!result || controller.signal.aborted || result.options.length === 0) return null;
      return {
        from: Math.max(0, Math.min(result.from, context.pos)),
        options: result.options.map((o) => ({
          label: o.label,
          ...(o.type === undefined ? {} : { type: o.type }),
          ...(o.detail === undefined ? {} : { detail: o.detail }),
          ...(o.apply === undefined ? {} : { apply: o.apply }),
        })),
        validFor: WORD,
      };
    } catch {
      // An aborted or failing provider offers nothing; the editor keeps working.
      return null;
    }
  };
}

/**
 * Adapts an async DiagnosticsProvider to a CodeMirror lint source. Each new
 * lint run aborts the one before it; `dispose` aborts the last (editor closed).
 * Positions are clamped to the document so a stale answer cannot throw.
 */
export function diagnosticsSource(get: () => DiagnosticsProvider | undefined): {
  source: (view: EditorView) => Promise<readonly Diagnostic[]>;
  dispose(): void;
} {
  let current: AbortController | null = null;
  return {
    source: async (view) => {
      current?.abort();
      const provider = get();
      if (!provider) return [];
      const controller = new AbortController();
      current = controller;
      const text = view.state.doc.toString();
      try {
        const found = await provider(text, controller.signal);
        if (controller.signal.aborted) return [];
        const len = view.state.doc.length;
        return found.map((d) => {
          const from = Math.max(0, Math.min(d.from, len));
          const to = Math.max(from, Math.min(d.to, len));
          return { from, to, severity: d.severity, message: d.message };
        });
      } catch {
        return [];
      } finally {
        if (current === controller) current = null;
      }
    },
    dispose: () => {
      current?.abort();
      current = null;
    },
  };
}
