import { EditorView } from '@codemirror/view';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { bytesToBase64 } from '../../../../../shared/contract/redis/bytes';
import { commandLines, splitArgs } from '../../../../../shared/contract/redis/argv';
import type { CliReply } from '../../../../../shared/contract/redis/cli';
import { StackdeckError } from '../../../../../shared/errors';
import type { ResourceViewProps } from '../../../app/resources';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { CodeEditor, RunButton, type CodeEditorHandle } from '../../../ui/CodeEditor';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { HistoryPanel } from '../../../ui/HistoryPanel';
import { useQueryHistory } from '../../../ui/useQueryHistory';
import '../../../styles/redis.css';
import { completionProvider, docOfLine, indexCommands } from './completion';
import { ReplyView } from './ReplyView';

/** Results kept on screen (oldest dropped). */
const MAX_RESULTS = 100;

interface Result {
  id: number;
  line: string;
  db: number;
  reply?: CliReply;
  /** Push frames that arrived on the CLI's connection before this reply. */
  pushes?: CliReply[];
  protocol?: number;
  error?: StackdeckError;
  ms?: number;
}

const splitLines = (text: string) => commandLines(text);

/**
 * The Redis CLI: one command per line on the shared CodeEditor (Ctrl+Enter
 * runs the line under the cursor, Shift+Ctrl+Enter every line), completion
 * and the syntax hint from the server's own COMMAND DOCS, typed replies,
 * history. Lines are split here by redis-cli's quoting and sent as argument
 * vectors; core decides what may run (read-only, dangerous, refused).
 */
export function CliView({ profile, connectionId }: ResourceViewProps): ReactNode {
  const [text, setText] = useState('');
  const [db, setDb] = useState(profile.kind === 'redis' ? profile.db : 0);
  const [results, setResults] = useState<Result[]>([]);
  const [running, setRunning] = useState(false);
  const [cursorLine, setCursorLine] = useState('');
  const [confirm, setConfirm] = useState<{ name: string; lines: string[] } | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const editorRef = useRef<CodeEditorHandle>(null);
  const nextId = useRef(1);
  const docs = useInvoke('redis.cli.commands', { connectionId });
  const index = useMemo(() => (docs.data ? indexCommands(docs.data.commands) : null), [docs.data]);
  const completion = useMemo(() => completionProvider(index), [index]);
  const history = useQueryHistory(connectionId, 'redis');
  const hint = index ? docOfLine(index, cursorLine) : null;
  const cursorExt = useMemo(
    () =>
      EditorView.updateListener.of((u) => {
        if (!u.selectionSet && !u.docChanged) return;
        const line = u.state.doc.lineAt(u.state.selection.main.head);
        setCursorLine(line.text);
      }),
    [],
  );

  const push = (r: Omit<Result, 'id'>): void =>
    setResults((prev) => [...prev, { ...r, id: nextId.current++ }].slice(-MAX_RESULTS));

  const runLines = useCallback(
    async (lines: string[], confirmed: string | null): Promise<void> => {
      const controller = new AbortController();
      abort.current = controller;
      setRunning(true);
      try {
        for (const [i, line] of lines.entries()) {
          if (controller.signal.aborted) break;
          const split = splitArgs(line);
          if (!split.ok) {
            push({ line, db, error: new StackdeckError('INVALID_INPUT', `${split.error} (column ${split.at + 1})`) });
            continue;
          }
          if (split.argv.length === 0) continue;
          const started = Date.now();
          try {
            const r = await client.invoke(
              'redis.cli.run',
              { connectionId, db, argv: split.argv.map(bytesToBase64), confirm: i === 0 ? confirmed : null },
              { signal: controller.signal },
            );
            push({ line, db, reply: r.reply, pushes: r.pushes, protocol: r.protocol, ms: r.durationMs });
            void history.record({
              text: line,
              startedAt: started,
              durationMs: r.durationMs,
              error: r.reply.t === 'error' ? r.reply.text : null,
            });
          } catch (e) {
            const error = e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', String(e));
            const needs = error.detail?.confirm;
            if (error.code === 'INVALID_INPUT' && typeof needs === 'string') {
              // Ask, then go on from this line with the confirmation.
              setConfirm({ name: needs, lines: lines.slice(i) });
              return;
            }
            push({ line, db, error });
            void history.record({
              text: line,
              startedAt: started,
              durationMs: Date.now() - started,
              error: error.message,
            });
          }
        }
      } finally {
        if (abort.current === controller) abort.current = null;
        setRunning(false);
      }
    },
    [connectionId, db, history],
  );

  const run = (chunk: string): void => {
    const lines = splitLines(chunk).map((r) => chunk.slice(r.from, r.to).trim());
    if (lines.length > 0 && !running) void runLines(lines, null);
  };

  return (
    <div className="rd-cli" data-testid="redis-cli">
      <div className="rd-toolbar">
        {profile.kind === 'redis' && profile.cluster ? null : (
          <label className="rd-inline">
            DB
            <select className="input" aria-label="Database" value={db} onChange={(e) => setDb(Number(e.target.value))}>
              {Array.from({ length: 16 }, (_, i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </label>
        )}
        <RunButton
          running={running}
          onRun={() => editorRef.current?.run()}
          onCancel={() => abort.current?.abort()}
          label="Run"
          testId="redis-cli-run"
        />
        <span className="faint">
          {docs.data ? `${docs.data.server} · ${docs.data.commands.length} commands` : 'Loading commands…'}
          {profile.readOnly ? ' · read-only: commands that write are refused' : ''}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={() => setShowHistory((v) => !v)}>
          {showHistory ? 'Hide history' : 'History'}
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setResults([])}>
          Clear results
        </button>
      </div>
      {docs.error ? <ErrorBanner error={docs.error} /> : null}
      <div className="rd-cli-body">
        <div className="rd-cli-main">
          <CodeEditor
            value={text}
            onChange={setText}
            completion={completion}
            splitStatements={splitLines}
            onRun={(chunk) => run(chunk)}
            onCancel={() => abort.current?.abort()}
            running={running}
            extensions={cursorExt}
            placeholder="One command per line, e.g. GET user:1 — Ctrl+Enter runs the line, Shift+Ctrl+Enter all lines"
            minHeight={90}
            maxHeight={220}
            ariaLabel="Redis command"
            stateKey={`redis:${connectionId}:cli`}
            testId="redis-cli-editor"
            ref={editorRef}
            autoFocus
          />
          <div className="rd-cli-hint mono" data-testid="redis-cli-hint">
            {hint ? (
              <>
                <strong>{hint.name.toUpperCase()}</strong> {hint.syntax}
                {hint.summary ? <span className="faint"> — {hint.summary}</span> : null}
              </>
            ) : (
              <span className="faint">Ctrl+Space completes command names from the server’s COMMAND DOCS.</span>
            )}
          </div>
          <div className="rd-cli-results" data-testid="redis-cli-results" aria-live="polite">
            {results.map((r) => (
              <div key={r.id} className="rd-cli-result" data-testid="redis-cli-result">
                <div className="rd-cli-cmd mono">
                  <span className="faint">db{r.db}&gt;</span> {r.line}
                  {r.ms !== undefined ? <span className="faint"> · {r.ms.toFixed(1)} ms</span> : null}
                  {r.protocol !== undefined ? <span className="faint"> · RESP{r.protocol}</span> : null}
                </div>
                <div className="mono rd-cli-reply">
                  {r.pushes?.map((p, i) => (
                    <div key={i} className="rd-r-pushed" data-testid="redis-cli-push">
                      <ReplyView reply={p} />
                    </div>
                  ))}
                  {r.reply ? <ReplyView reply={r.reply} /> : null}
                  {r.error ? (
                    <span className="rd-r-error" data-code={r.error.code}>
                      {r.error.code === 'READ_ONLY' ? '(refused) ' : '(error) '}
                      {r.error.message}
                    </span>
                  ) : null}
                </div>
              </div>
            ))}
          </div>
        </div>
        {showHistory ? (
          <aside className="rd-cli-history">
            <HistoryPanel history={history} onPick={(t) => setText(t)} onRun={(t) => run(t)} />
          </aside>
        ) : null}
      </div>
      {confirm ? (
        <ConfirmDialog
          title={`Run ${confirm.name}?`}
          danger
          confirmLabel={`Run ${confirm.name}`}
          requireText={confirm.name}
          message={
            <>
              <strong>{confirm.name}</strong> is dangerous: it can lose data, block the server or stop it
              {profile.environment === 'prod' ? ', and this is a production connection' : ''}. Type its name to run{' '}
              <span className="mono">{confirm.lines[0]}</span>.
            </>
          }
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const c = confirm;
            setConfirm(null);
            void runLines(c.lines, c.name);
          }}
        />
      ) : null}
    </div>
  );
}

export default CliView;
