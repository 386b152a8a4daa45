// @vitest-environment jsdom
import { currentCompletions, startCompletion } from '@codemirror/autocomplete';
import { undo } from '@codemirror/commands';
import { sql } from '@codemirror/lang-sql';
import { diagnosticCount, forceLinting } from '@codemirror/lint';
import { EditorSelection } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { act, createRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CodeEditor, type CodeEditorHandle, type CodeEditorProps } from '../../../src/renderer/src/ui/CodeEditor';
import type { CompletionProvider, DiagnosticsProvider } from '../../../src/renderer/src/ui/codeEditorTypes';
import { editorStates, StateCache } from '../../../src/renderer/src/ui/codemirror/stateCache';
import { splitStatements, statementAt } from '../../../src/renderer/src/ui/codemirror/statements';
import { installDomShims } from './dom-shims';

beforeAll(() => installDomShims());

describe('statement splitting', () => {
  const texts = (src: string) => splitStatements(src).map((r) => src.slice(r.from, r.to));

  it('splits on ; outside strings and comments, trimming and dropping empty statements', () => {
    expect(texts('select 1; select 2 ;\n\n select 3')).toEqual(['select 1', 'select 2', 'select 3']);
    expect(texts('select \';\' from t; select "a;b"; select `c;d`')).toEqual([
      "select ';' from t",
      'select "a;b"',
      'select `c;d`',
    ]);
    expect(texts("select 'it''s; fine'; x")).toEqual(["select 'it''s; fine'", 'x']);
    expect(texts("select 'a\\'; b'; y")).toEqual(["select 'a\\'; b'", 'y']);
    expect(texts('a -- no; split\n; b // nor; here\n; c /* or; here */ d;;')).toEqual([
      'a -- no; split',
      'b // nor; here',
      'c /* or; here */ d',
    ]);
    expect(texts(' ; ;  ')).toEqual([]);
  });

  it('picks the statement under the cursor, or the nearest before it', () => {
    const src = 'select 1;\n\nselect 2;';
    const ranges = splitStatements(src);
    const at = (pos: number) => {
      const r = statementAt(ranges, pos, src);
      return r ? src.slice(r.from, r.to) : null;
    };
    expect(at(0)).toBe('select 1');
    expect(at(8)).toBe('select 1'); // end of the statement
    expect(at(9)).toBe('select 1'); // just after its ;
    expect(at(10)).toBe('select 1'); // on the blank line: the one before
    expect(at(11)).toBe('select 2');
    expect(at(src.length)).toBe('select 2');
    expect(statementAt([], 0, '')).toBeNull();
  });
});

describe('StateCache', () => {
  it('is bounded and drops the least recently used key', () => {
    const cache = new StateCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the newest
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });
});

describe('CodeEditor', () => {
  let root: Root | null = null;
  let container: HTMLDivElement | null = null;

  afterEach(() => {
    act(() => root?.unmount());
    container?.remove();
    root = null;
    container = null;
  });

  function mount(props: Partial<CodeEditorProps> & { value: string }): {
    view: EditorView;
    handle: CodeEditorHandle;
    onChange: ReturnType<typeof vi.fn>;
    rerender(p: Partial<CodeEditorProps>): void;
  } {
    container = document.createElement('div');
    document.body.append(container);
    const r = createRoot(container);
    root = r;
    const ref = createRef<CodeEditorHandle>();
    const onChange = vi.fn();
    let current: CodeEditorProps = { onChange, ...props, ref };
    act(() => r.render(<CodeEditor {...current} />));
    const handle = ref.current;
    if (!handle?.view) throw new Error('editor did not mount');
    return {
      view: handle.view,
      handle,
      onChange,
      rerender: (p) => {
        current = { ...current, ...p };
        act(() => r.render(<CodeEditor {...current} />));
      },
    };
  }

  const key = (view: EditorView, init: KeyboardEventInit): boolean => {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
    view.contentDOM.dispatchEvent(event);
    return event.defaultPrevented;
  };

  const waitFor = async (cond: () => boolean, what: string): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      if (cond()) return;
      await act(() => new Promise((r) => setTimeout(r, 20)));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('Ctrl+Enter runs the statement under the cursor, or the selection; Shift+Ctrl+Enter runs all', () => {
    const onRun = vi.fn();
    const { view } = mount({ value: 'select 1;\nselect 2;\nselect 3', onRun });
    view.dispatch({ selection: { anchor: 13 } });
    expect(key(view, { key: 'Enter', ctrlKey: true })).toBe(true);
    expect(onRun).toHaveBeenLastCalledWith('select 2', 'statement');

    view.dispatch({ selection: EditorSelection.single(0, 6) });
    key(view, { key: 'Enter', ctrlKey: true });
    expect(onRun).toHaveBeenLastCalledWith('select', 'selection');

    key(view, { key: 'Enter', ctrlKey: true, shiftKey: true });
    expect(onRun).toHaveBeenLastCalledWith('select 1;\nselect 2;\nselect 3', 'all');
    expect(onRun).toHaveBeenCalledTimes(3);
  });

  it('uses an area-supplied statement splitter', () => {
    const onRun = vi.fn();
    // One statement per non-empty line, e.g. for Redis commands.
    const byLine = (text: string) => {
      const out: { from: number; to: number }[] = [];
      let pos = 0;
      for (const line of text.split('\n')) {
        if (line.trim()) out.push({ from: pos, to: pos + line.length });
        pos += line.length + 1;
      }
      return out;
    };
    const { view } = mount({ value: 'GET a;b\nSET x 1', onRun, splitStatements: byLine });
    view.dispatch({ selection: { anchor: 2 } });
    key(view, { key: 'Enter', ctrlKey: true });
    expect(onRun).toHaveBeenLastCalledWith('GET a;b', 'statement');
  });

  it('Escape cancels, unless the area says nothing is running', () => {
    const onCancel = vi.fn();
    const { view, rerender } = mount({ value: 'x', onCancel });
    expect(key(view, { key: 'Escape' })).toBe(true);
    expect(onCancel).toHaveBeenCalledTimes(1);
    rerender({ running: false });
    expect(key(view, { key: 'Escape' })).toBe(false);
    expect(onCancel).toHaveBeenCalledTimes(1);
    rerender({ running: true });
    key(view, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(2);
  });

  it('Ctrl+/ toggles a line comment in the language given', () => {
    const { view, onChange } = mount({ value: 'select 1', language: sql() });
    key(view, { key: '/', ctrlKey: true });
    expect(view.state.doc.toString()).toBe('-- select 1');
    expect(onChange).toHaveBeenLastCalledWith('-- select 1');
    key(view, { key: '/', ctrlKey: true });
    expect(view.state.doc.toString()).toBe('select 1');
  });

  it('asks the completion provider with text and position, and shows its options', async () => {
    const calls: { text: string; pos: number }[] = [];
    const completion: CompletionProvider = async ({ text, pos }) => {
      calls.push({ text, pos });
      const word = /\w*$/.exec(text.slice(0, pos))?.[0] ?? '';
      return {
        from: pos - word.length,
        options: [
          { label: 'value', type: 'variable', detail: 'the message value' },
          { label: 'key', type: 'variable' },
        ],
      };
    };
    const onCancel = vi.fn();
    const { view } = mount({ value: 'va', completion, onCancel });
    view.dispatch({ selection: { anchor: 2 } });
    startCompletion(view);
    await waitFor(() => currentCompletions(view.state).length > 0, 'completions');
    expect(calls[0]).toEqual({ text: 'va', pos: 2 });
    expect(currentCompletions(view.state).map((c) => c.label)).toContain('value');
    expect(currentCompletions(view.state).map((c) => c.label)).not.toContain('key'); // filtered by "va"
    // Escape closes the completion before it would cancel anything.
    expect(key(view, { key: 'Escape' })).toBe(true);
    expect(onCancel).not.toHaveBeenCalled();
    expect(currentCompletions(view.state)).toEqual([]);
    key(view, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it("aborts a completion request's signal when the text changes under it", async () => {
    const signals: AbortSignal[] = [];
    const completion: CompletionProvider = ({ signal }) => {
      signals.push(signal);
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(null)));
    };
    const { view } = mount({ value: 'a', completion });
    view.dispatch({ selection: { anchor: 1 } });
    startCompletion(view);
    await waitFor(() => signals.length > 0, 'the provider call');
    expect(signals[0]?.aborted).toBe(false);
    view.dispatch({ changes: { from: 1, insert: ' ' } });
    await waitFor(() => signals[0]?.aborted === true, 'the abort');
  });

  it('shows diagnostics from the provider and aborts a stale lint run', async () => {
    const signals: AbortSignal[] = [];
    const diagnostics: DiagnosticsProvider = async (text, signal) => {
      signals.push(signal);
      if (text.includes('slow')) await new Promise((r) => setTimeout(r, 200));
      const at = text.indexOf('bad');
      return at < 0 ? [] : [{ from: at, to: at + 3, severity: 'error', message: 'bad token' }];
    };
    const { view } = mount({ value: 'ok bad', diagnostics });
    forceLinting(view);
    await waitFor(() => diagnosticCount(view.state) === 1, 'one diagnostic');

    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'slow bad' } });
    forceLinting(view);
    await waitFor(() => signals.length === 2, 'the slow lint run');
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'fine' } });
    forceLinting(view);
    await waitFor(() => signals.length === 3, 'the next lint run');
    expect(signals[1]?.aborted).toBe(true);
    await waitFor(() => diagnosticCount(view.state) === 0, 'no diagnostics');
  });

  it('lints the same text again when relintKey changes (a schema that arrived after the first lint)', async () => {
    let known = new Set<string>();
    const diagnostics: DiagnosticsProvider = async (text) => {
      const at = text.indexOf('Person');
      return at < 0 || known.has('Person') ? [] : [{ from: at, to: at + 6, severity: 'warning', message: 'unknown' }];
    };
    const { view, rerender } = mount({ value: 'MATCH (p:Person)', diagnostics, relintKey: 0 });
    forceLinting(view);
    await waitFor(() => diagnosticCount(view.state) === 1, 'the unknown-label warning');
    known = new Set(['Person']);
    rerender({ relintKey: 1 });
    await waitFor(() => diagnosticCount(view.state) === 0, 'the warning cleared without a keystroke');
    expect(view.state.doc.toString()).toBe('MATCH (p:Person)');
  });

  it('follows the value prop without echoing it through onChange', () => {
    const { view, onChange, rerender } = mount({ value: 'one' });
    rerender({ value: 'two' });
    expect(view.state.doc.toString()).toBe('two');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('keeps text, cursor and undo history per stateKey across unmounts', () => {
    editorStates.delete('tab-1');
    const first = mount({ value: 'abc', stateKey: 'tab-1' });
    first.view.dispatch({ changes: { from: 3, insert: 'def' }, selection: { anchor: 4 } });
    act(() => root?.unmount());
    container?.remove();

    // The tab's own React state was lost: it passes its initial value again.
    const second = mount({ value: 'abc', stateKey: 'tab-1' });
    expect(second.view.state.doc.toString()).toBe('abcdef');
    expect(second.view.state.selection.main.head).toBe(4);
    expect(second.onChange).toHaveBeenCalledWith('abcdef');
    expect(undo(second.view)).toBe(true);
    expect(second.view.state.doc.toString()).toBe('abc');
    editorStates.delete('tab-1');
  });

  it('is read-only when asked', () => {
    const { view } = mount({ value: 'x', readOnly: true });
    expect(view.state.readOnly).toBe(true);
    expect(view.contentDOM.getAttribute('contenteditable')).toBe('false');
  });
});
