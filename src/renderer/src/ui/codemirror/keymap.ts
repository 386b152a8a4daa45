import { closeCompletion, completionStatus } from '@codemirror/autocomplete';
import { searchPanelOpen } from '@codemirror/search';
import { Prec, type EditorState, type Extension } from '@codemirror/state';
import { keymap, type EditorView } from '@codemirror/view';
import type { RunMode, StatementSplitter } from '../codeEditorTypes';
import { splitStatements, statementAt } from './statements';

export interface RunTarget {
  text: string;
  mode: RunMode;
  from: number;
  to: number;
}

/**
 * What Ctrl/Cmd+Enter runs: the selection when there is one (several
 * selections are joined by newlines), else the statement under the cursor.
 * Null when there is nothing to run.
 */
export function runTarget(state: EditorState, splitter: StatementSplitter = splitStatements): RunTarget | null {
  const ranges = state.selection.ranges.filter((r) => !r.empty);
  if (ranges.length > 0) {
    const text = ranges.map((r) => state.sliceDoc(r.from, r.to)).join('\n');
    if (text.trim() === '') return null;
    return { text, mode: 'selection', from: ranges[0]?.from ?? 0, to: ranges[ranges.length - 1]?.to ?? 0 };
  }
  const doc = state.doc.toString();
  const stmt = statementAt(splitter(doc), state.selection.main.head, doc);
  if (!stmt) return null;
  return { text: doc.slice(stmt.from, stmt.to), mode: 'statement', from: stmt.from, to: stmt.to };
}

/** What Shift+Ctrl/Cmd+Enter runs: the whole document. */
export function runAllTarget(state: EditorState): RunTarget | null {
  const text = state.doc.toString();
  return text.trim() === '' ? null : { text, mode: 'all', from: 0, to: state.doc.length };
}

export interface RunHandlers {
  onRun?(text: string, mode: RunMode): void;
  onCancel?(): void;
  /** When false, Escape is left to the page (e.g. to close a dialog). Undefined: Escape always calls onCancel. */
  running?: boolean;
  splitStatements?: StatementSplitter;
}

/**
 * The run keys, above every other keymap: Mod-Enter (statement or selection),
 * Shift-Mod-Enter (everything), Escape (closes completion or the search
 * panel first, then cancels the running query). Mod-/ (toggle comment) comes
 * from the default keymap. `get` is read at key time so the props can change.
 */
export function runKeymap(get: () => RunHandlers): Extension {
  const run = (view: EditorView, all: boolean): boolean => {
    const h = get();
    if (!h.onRun) return false;
    const target = all ? runAllTarget(view.state) : runTarget(view.state, h.splitStatements);
    if (target) h.onRun(target.text, target.mode);
    return true;
  };
  return Prec.highest(
    keymap.of([
      { key: 'Mod-Enter', run: (v) => run(v, false) },
      { key: 'Shift-Mod-Enter', run: (v) => run(v, true) },
      {
        key: 'Escape',
        run: (view) => {
          if (completionStatus(view.state) !== null) return closeCompletion(view);
          if (searchPanelOpen(view.state)) return false; // the search panel closes itself
          const h = get();
          if (!h.onCancel || h.running === false) return false;
          h.onCancel();
          return true;
        },
      },
    ]),
  );
}

/** Labels for the run shortcuts on this platform. */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
export function shortcutLabel(key: 'run' | 'runAll' | 'cancel'): string {
  const mod = isMac() ? '⌘' : 'Ctrl+';
  const shift = isMac() ? '⇧' : 'Shift+';
  if (key === 'cancel') return 'Esc';
  return key === 'run' ? `${mod}Enter` : `${shift}${mod}Enter`;
}
