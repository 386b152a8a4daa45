import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DumpEvent, DumpSummary, RestoreEvent } from '../../../../shared/contract/cassandra';
import type { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { useInvoke } from '../../api/hooks';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';

/** Runs a stream, keeping the last event, the error and whether it runs; ends it on unmount. */
function useRun<E>() {
  const [last, setLast] = useState<E | null>(null);
  const [error, setError] = useState<StackdeckError | null>(null);
  const [running, setRunning] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const start = (
    subscribe: (h: { onEvent(e: E): void; onError(e: StackdeckError): void; onEnd(): void }) => () => void,
  ) => {
    setRunning(true);
    setError(null);
    setLast(null);
    stop.current = subscribe({
      onEvent: (e) => setLast(e),
      onError: (e) => {
        setError(e);
        setRunning(false);
      },
      onEnd: () => setRunning(false),
    });
  };
  return { last, error, running, start, cancel: () => stop.current?.() };
}

/** Dumps a keyspace (DDL + every table) into one folder on core's machine. */
export function DumpDialog(props: { connectionId: string; keyspace: string; onClose(): void }): ReactNode {
  const run = useRun<DumpEvent>();
  const done = run.last?.type === 'done' ? run.last.dump : null;
  const p = run.last?.type === 'progress' ? run.last : null;
  return (
    <Dialog
      title={`Dump keyspace ${props.keyspace}`}
      description="Its DDL (the server's DESCRIBE) and every table's rows as exact JSON Lines, in one folder. Restore it into a new keyspace here or on another cluster."
      onClose={() => {
        run.cancel();
        props.onClose();
      }}
      testId="cs-dump-dialog"
      footer={
        run.running ? (
          <button type="button" className="btn" onClick={run.cancel}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="cs-dump-start"
            onClick={() =>
              run.start((h) =>
                client.subscribe(
                  'cassandra.keyspaces.dump',
                  { connectionId: props.connectionId, keyspace: props.keyspace },
                  h,
                ),
              )
            }
          >
            Dump
          </button>
        )
      }
    >
      {run.error ? <ErrorBanner error={run.error} /> : null}
      {p ? (
        <p className="cs-muted">
          Table {p.tablesDone + 1} of {p.tables}: {p.table}, {p.rows.toLocaleString()} rows
        </p>
      ) : null}
      {done ? (
        <div className="cs-import-report" data-testid="cs-dump-done">
          <p className="cs-ok">
            Dumped {done.tables.length} table{done.tables.length === 1 ? '' : 's'} (
            {done.tables.reduce((n, t) => n + t.rows, 0).toLocaleString()} rows).
          </p>
          <p className="cs-muted mono">{done.path}</p>
        </div>
      ) : null}
    </Dialog>
  );
}

const dumpLabel = (d: DumpSummary): string =>
  `${d.keyspace} · ${new Date(d.createdAt).toLocaleString()} · ${d.tables.length} tables, ${d.tables
    .reduce((n, t) => n + t.rows, 0)
    .toLocaleString()} rows`;

/** Restores a dump into a new keyspace of this connection. */
export function RestoreDialog(props: { connectionId: string; onClose(): void; onDone(): void }): ReactNode {
  const dumps = useInvoke('cassandra.dumps.list', {});
  const [dumpId, setDumpId] = useState('');
  const [target, setTarget] = useState('');
  const run = useRun<RestoreEvent>();
  const list = dumps.data?.dumps ?? [];
  const chosen = list.find((d) => d.dumpId === dumpId) ?? list[0];
  const done = run.last?.type === 'done' ? run.last : null;
  return (
    <Dialog
      title="Restore a keyspace dump"
      description="Creates a new keyspace with the dump's schema, then writes every row. It never writes into an existing keyspace."
      onClose={() => {
        run.cancel();
        if (done) props.onDone();
        props.onClose();
      }}
      size="lg"
      testId="cs-restore-dialog"
      footer={
        <button
          type="button"
          className="btn btn-primary"
          disabled={!chosen || !target.trim() || run.running}
          data-testid="cs-restore-start"
          onClick={() =>
            chosen &&
            run.start((h) =>
              client.subscribe(
                'cassandra.keyspaces.restore',
                { connectionId: props.connectionId, dumpId: chosen.dumpId, targetKeyspace: target.trim() },
                h,
              ),
            )
          }
        >
          Restore
        </button>
      }
    >
      <div className="cs-form">
        {dumps.error ? <ErrorBanner error={dumps.error} /> : null}
        {dumps.data && list.length === 0 ? (
          <p className="cs-muted">No dumps yet: use "Dump…" on a keyspace first.</p>
        ) : null}
        {list.length > 0 ? (
          <label className="cs-field">
            Dump
            <select
              className="select"
              aria-label="Dump"
              value={chosen?.dumpId ?? ''}
              onChange={(e) => setDumpId(e.target.value)}
            >
              {list.map((d) => (
                <option key={d.dumpId} value={d.dumpId}>
                  {dumpLabel(d)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="cs-field">
          New keyspace
          <input
            className="input"
            aria-label="New keyspace"
            value={target}
            placeholder={chosen ? `${chosen.keyspace}_copy` : ''}
            onChange={(e) => setTarget(e.target.value)}
          />
        </label>
        {run.error ? <ErrorBanner error={run.error} /> : null}
        {run.last?.type === 'progress' ? (
          <p className="cs-muted">
            {run.last.table}: {run.last.written.toLocaleString()} rows written
          </p>
        ) : null}
        {done ? (
          <div className="cs-import-report" data-testid="cs-restore-done">
            <p className={done.failures.length ? 'cs-bad' : 'cs-ok'}>
              Restored {done.keyspace}: {done.statements} schema statements,{' '}
              {done.tables.reduce((n, t) => n + t.written, 0).toLocaleString()} rows
              {done.failures.length ? `, ${done.tables.reduce((n, t) => n + t.failed, 0)} failed` : ''}.
            </p>
            {done.failures.length ? (
              <ul className="cs-failures">
                {done.failures.map((f, i) => (
                  <li key={i}>
                    {f.table} line {f.line}: {f.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
