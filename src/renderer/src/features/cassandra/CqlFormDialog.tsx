import { useState, type ReactNode } from 'react';
import { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { dropCql } from './ddl';

/** The pieces every schema form shares: the type list, running one statement, the dialog that shows its CQL. */

export const TYPES = [
  'text',
  'int',
  'bigint',
  'uuid',
  'timeuuid',
  'timestamp',
  'date',
  'boolean',
  'double',
  'float',
  'decimal',
  'varint',
  'blob',
  'inet',
  'list<text>',
  'set<text>',
  'map<text, text>',
];

/** Runs one schema statement through cassandra.cql.run (so a read-only connection refuses it in core). */
export async function runDdl(connectionId: string, cql: string): Promise<void> {
  const out = await client.invoke('cassandra.cql.run', { connectionId, sessionId: 'schema-forms', text: cql });
  if (out.error) throw new StackdeckError(out.error.code as 'SERVER_ERROR', out.error.message);
}

/** A form that shows the CQL it will run, and runs exactly that on confirm. */
export function CqlFormDialog(props: {
  title: string;
  connectionId: string;
  cql: string;
  problems: string[];
  onClose(): void;
  onDone(): void;
  children: ReactNode;
  testId: string;
}): ReactNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (): void => {
    setBusy(true);
    setError(null);
    runDdl(props.connectionId, props.cql).then(
      () => {
        setBusy(false);
        props.onDone();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      size="lg"
      testId={props.testId}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={run}
            disabled={busy || props.problems.length > 0}
            data-testid="cs-form-run"
          >
            Run this CQL
          </button>
        </>
      }
    >
      <div className="cs-form">
        {props.children}
        {props.problems.length > 0 ? (
          <ul className="cs-problems" data-testid="cs-form-problems">
            {props.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        <div className="cs-muted">The CQL that runs:</div>
        <pre className="cs-ddl-text" data-testid="cs-form-cql">
          {props.cql}
        </pre>
        {error ? <ErrorBanner error={error} /> : null}
      </div>
    </Dialog>
  );
}

export function DropDialog(props: {
  connectionId: string;
  keyspace: string;
  table?: string;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const what = props.table ? 'table' : 'keyspace';
  const name = props.table ?? props.keyspace;
  const cql = dropCql(what, props.keyspace, props.table);
  return (
    <ConfirmDialog
      title={`Drop ${what} ${name}`}
      message={
        <>
          <p>
            This deletes the {what} and all its data on every node (a snapshot is kept only if auto_snapshot is on).
            Type its name to confirm.
          </p>
          <pre className="cs-ddl-text">{cql}</pre>
          {error ? <ErrorBanner error={error} /> : null}
        </>
      }
      confirmLabel={`Drop ${what}`}
      danger
      requireText={name}
      busy={busy}
      onCancel={props.onClose}
      onConfirm={() => {
        setBusy(true);
        runDdl(props.connectionId, cql).then(
          () => {
            setBusy(false);
            props.onDone();
          },
          (e: unknown) => {
            setBusy(false);
            setError(e);
          },
        );
      }}
    />
  );
}
