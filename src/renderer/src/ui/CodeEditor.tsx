import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyField, historyKeymap } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { linter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Annotation, Compartment, EditorState, StateEffect, type Extension } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  placeholder as placeholderExt,
  rectangularSelection,
} from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';
import '../styles/editor.css';
import type { CompletionProvider, DiagnosticsProvider, RunMode, StatementSplitter } from './codeEditorTypes';
import { runAllTarget, runKeymap, runTarget, shortcutLabel, type RunHandlers } from './codemirror/keymap';
import { completionSource, diagnosticsSource } from './codemirror/providers';
import { editorStates } from './codemirror/stateCache';
import { stackdeckTheme } from './codemirror/theme';

export type { CompletionProvider, DiagnosticsProvider, RunMode, StatementSplitter } from './codeEditorTypes';

export interface CodeEditorHandle {
  /** The CodeMirror view (null before mount and after unmount). */
  readonly view: EditorView | null;
  focus(): void;
  /** Replaces the whole text (undoable). */
  setText(text: string): void;
  /** Inserts at the cursor, replacing the selection. */
  insertText(text: string): void;
  /** What the run button does: runs the selection or statement (or everything) through `onRun`. */
  run(all?: boolean): void;
}

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  /** A CodeMirror language extension (e.g. `sql({ dialect: Cassandra })`, `javascript()`, a StreamLanguage). */
  language?: Extension;
  completion?: CompletionProvider;
  diagnostics?: DiagnosticsProvider;
  /** Ctrl/Cmd+Enter: the selection or the statement under the cursor; Shift+Ctrl/Cmd+Enter: everything. */
  onRun?(text: string, mode: RunMode): void;
  /** Escape while the editor has focus (and no completion or search panel is open). */
  onCancel?(): void;
  placeholder?: string;
  minHeight?: number;
  maxHeight?: number;
  ariaLabel?: string;
  readOnly?: boolean;
  /**
   * Keeps text, cursor and undo history per key across unmounts (tab
   * switches), in a bounded module cache. When a cached state exists it wins
   * over `value`, and `onChange` is called with the cached text.
   */
  stateKey?: string;
  /** Replaces the default statement splitter (`;` outside strings and comments). */
  splitStatements?: StatementSplitter;
  /** When false, Escape is not consumed (so it can close a dialog). Leave undefined to always call onCancel. */
  running?: boolean;
  /**
   * What the diagnostics depend on besides the text (a live schema): a new
   * value lints the unchanged text again, so names flagged before the schema
   * arrived are cleared without a keystroke.
   */
  relintKey?: unknown;
  /** Extra CodeMirror extensions (e.g. a language's own linter). */
  extensions?: Extension;
  autoFocus?: boolean;
  testId?: string;
  className?: string;
  ref?: Ref<CodeEditorHandle>;
}

/** Marks a transaction that came from the `value` prop, so it is not echoed back through onChange. */
const fromProps = Annotation.define<boolean>();
/** Asks the linter to run again on the same text (see `relintKey`). */
const relint = StateEffect.define<null>();

function sizeTheme(minHeight: number | undefined, maxHeight: number | undefined): Extension {
  const spec: Record<string, Record<string, string>> = {};
  if (minHeight !== undefined) spec['.cm-content, .cm-gutter'] = { minHeight: `${minHeight}px` };
  if (maxHeight !== undefined) {
    spec['&'] = { maxHeight: `${maxHeight}px` };
    spec['.cm-scroller'] = { overflow: 'auto' };
  }
  return EditorView.theme(spec);
}

/**
 * The query editor every area uses (CodeMirror 6): line numbers, bracket
 * matching and closing, folding, search/replace (Ctrl/Cmd+F), multiple cursors
 * (Alt+click, Alt+drag for a rectangle), undo history, async completion and
 * diagnostics providers, and the run keys (see codemirror/keymap.ts). The theme
 * follows the app's light/dark tokens through CSS variables.
 */
export function CodeEditor(props: CodeEditorProps): ReactNode {
  const { className, testId, readOnly, value, ref } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const propsRef = useRef(props);
  /** The last `value` prop seen: the text is replaced only when the prop itself changes. */
  const lastValue = useRef(value);
  const [compartments] = useState(() => ({
    language: new Compartment(),
    readOnly: new Compartment(),
    placeholder: new Compartment(),
    size: new Compartment(),
    aria: new Compartment(),
    extra: new Compartment(),
  }));

  useEffect(() => {
    propsRef.current = props;
  });

  const { stateKey } = props;
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const p = propsRef.current;
    const lint = diagnosticsSource(() => propsRef.current.diagnostics);
    const handlers = (): RunHandlers => propsRef.current;
    const extensions: Extension = [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      foldGutter(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      autocompletion({ override: [completionSource(() => propsRef.current.completion)], icons: true }),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      linter((view) => lint.source(view), {
        delay: 250,
        needsRefresh: (update) => update.transactions.some((tr) => tr.effects.some((e) => e.is(relint))),
      }),
      runKeymap(handlers),
      keymap.of([
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...foldKeymap,
        ...completionKeymap,
        ...lintKeymap,
      ]),
      stackdeckTheme,
      EditorView.lineWrapping,
      compartments.language.of(p.language ?? []),
      compartments.readOnly.of(readOnlyExt(p.readOnly)),
      compartments.placeholder.of(p.placeholder ? placeholderExt(p.placeholder) : []),
      compartments.size.of(sizeTheme(p.minHeight, p.maxHeight)),
      compartments.aria.of(ariaExt(p.ariaLabel)),
      compartments.extra.of(p.extensions ?? []),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        if (update.transactions.some((tr) => tr.annotation(fromProps))) return;
        propsRef.current.onChange(update.state.doc.toString());
      }),
    ];

    const cached = stateKey === undefined ? undefined : editorStates.get(stateKey);
    const state = cached
      ? EditorState.fromJSON(cached.state.toJSON({ history: historyField }), { extensions }, { history: historyField })
      : EditorState.create({ doc: p.value, extensions });
    const view = new EditorView({ state, parent: host });
    viewRef.current = view;
    if (cached) {
      view.scrollDOM.scrollTop = cached.scrollTop;
      const text = state.doc.toString();
      if (text !== p.value) p.onChange(text);
    }
    if (p.autoFocus) view.focus();
    return () => {
      if (stateKey !== undefined)
        editorStates.set(stateKey, { state: view.state, scrollTop: view.scrollDOM.scrollTop });
      lint.dispose();
      view.destroy();
      viewRef.current = null;
    };
  }, [stateKey, compartments]);

  // The `value` prop: when it changes to something other than the text, replace the text.
  useEffect(() => {
    const view = viewRef.current;
    if (!view || value === lastValue.current) return;
    lastValue.current = value;
    if (view.state.doc.toString() === value) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value }, annotations: fromProps.of(true) });
  }, [value]);

  const { language, placeholder, minHeight, maxHeight, ariaLabel, extensions, relintKey } = props;
  const firstRelintKey = useRef(relintKey);
  useEffect(() => {
    if (relintKey === firstRelintKey.current) return;
    firstRelintKey.current = relintKey;
    // The lint runs after the linter's delay, by when the parent's own effects (e.g. handing the schema to its language worker) have run.
    viewRef.current?.dispatch({ effects: relint.of(null) });
  }, [relintKey]);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.language.reconfigure(language ?? []) });
  }, [language, compartments]);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.readOnly.reconfigure(readOnlyExt(readOnly)) });
  }, [readOnly, compartments]);
  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.placeholder.reconfigure(placeholder ? placeholderExt(placeholder) : []),
    });
  }, [placeholder, compartments]);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.size.reconfigure(sizeTheme(minHeight, maxHeight)) });
  }, [minHeight, maxHeight, compartments]);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.aria.reconfigure(ariaExt(ariaLabel)) });
  }, [ariaLabel, compartments]);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.extra.reconfigure(extensions ?? []) });
  }, [extensions, compartments]);

  useImperativeHandle(
    ref,
    () => ({
      get view() {
        return viewRef.current;
      },
      focus: () => viewRef.current?.focus(),
      setText: (text: string) => {
        const view = viewRef.current;
        if (!view) return;
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      },
      insertText: (text: string) => {
        const view = viewRef.current;
        if (!view) return;
        view.dispatch(view.state.replaceSelection(text));
        view.focus();
      },
      run: (all = false) => {
        const view = viewRef.current;
        const { onRun, splitStatements } = propsRef.current;
        if (!view || !onRun) return;
        const target = all ? runAllTarget(view.state) : runTarget(view.state, splitStatements);
        if (target) onRun(target.text, target.mode);
      },
    }),
    [],
  );

  return (
    <div
      ref={hostRef}
      className={`code-editor${readOnly ? ' code-editor-readonly' : ''}${className ? ` ${className}` : ''}`}
      data-testid={testId}
    />
  );
}

function readOnlyExt(readOnly: boolean | undefined): Extension {
  return readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : [];
}

function ariaExt(label: string | undefined): Extension {
  return label ? EditorView.contentAttributes.of({ 'aria-label': label }) : [];
}

/** The run button beside an editor, showing its shortcut; becomes Cancel (Esc) while running. */
export function RunButton(props: {
  running: boolean;
  onRun(): void;
  onCancel?(): void;
  label?: string;
  disabled?: boolean;
  testId?: string;
}): ReactNode {
  const { running, label = 'Run', testId } = props;
  if (running && props.onCancel) {
    return (
      <button
        type="button"
        className="btn"
        onClick={props.onCancel}
        data-testid={testId ? `${testId}-cancel` : undefined}
        title={`Cancel (${shortcutLabel('cancel')})`}
      >
        Cancel <kbd>{shortcutLabel('cancel')}</kbd>
      </button>
    );
  }
  return (
    <button
      type="button"
      className="btn btn-primary"
      onClick={props.onRun}
      disabled={props.disabled || running}
      data-testid={testId}
      title={`${label} (${shortcutLabel('run')}; ${shortcutLabel('runAll')} runs everything)`}
    >
      {label} <kbd>{shortcutLabel('run')}</kbd>
    </button>
  );
}
