import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { useKeyAction } from '../../useKeyAction';

/** What a member panel shows: nothing chosen, the selected member, or the form to add one. */
export type PanelMode = { kind: 'none' } | { kind: 'edit'; index: number } | { kind: 'add' };

/**
 * The frame of the panel beside a collection grid: a title, the fields, the
 * actions, the error of the last action, and a confirmation before removing.
 * `run` performs one write; on success the grid reloads and the key header
 * refreshes (length, memory).
 */
export function MemberPanel(props: {
  title: string;
  children: ReactNode;
  readOnly: boolean;
  /** Why the member cannot be edited here (a value larger than the preview), if so. */
  blocked?: string | null;
  saveLabel?: string;
  canSave: boolean;
  onSave(): Promise<unknown>;
  /** Present in edit mode: removes the member after a confirmation naming it. */
  remove?: { label: string; what: ReactNode; run(): Promise<unknown> };
  extra?: ReactNode;
  onDone(): void;
  onClose(): void;
}): ReactNode {
  const action = useKeyAction();
  const [confirm, setConfirm] = useState(false);
  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    const r = await action.run(async () => {
      await fn();
      return true;
    });
    if (r) props.onDone();
  };
  const editable = !props.readOnly && !props.blocked;
  return (
    <div className="rd-member-form" data-testid="redis-member-panel">
      <div className="rd-member-title">
        <strong>{props.title}</strong>
        <span className="spacer" />
        <button type="button" className="btn btn-sm btn-ghost" aria-label="Close panel" onClick={props.onClose}>
          ×
        </button>
      </div>
      {props.children}
      {props.blocked ? <p className="rd-note">{props.blocked}</p> : null}
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
      {editable ? (
        <div className="rd-editor-bar">
          <button
            type="button"
            className="btn btn-primary btn-sm"
            disabled={action.busy || !props.canSave}
            onClick={() => void run(props.onSave)}
          >
            {props.saveLabel ?? 'Save'}
          </button>
          {props.extra}
          <span className="spacer" />
          {props.remove ? (
            <button
              type="button"
              className="btn btn-sm btn-danger"
              disabled={action.busy}
              onClick={() => setConfirm(true)}
            >
              {props.remove.label}
            </button>
          ) : null}
        </div>
      ) : props.readOnly ? (
        <p className="faint">Read-only connection: members cannot be changed.</p>
      ) : null}
      {confirm && props.remove ? (
        <ConfirmDialog
          title={props.remove.label}
          danger
          confirmLabel="Remove"
          busy={action.busy}
          message={props.remove.what}
          onCancel={() => setConfirm(false)}
          onConfirm={() => {
            const r = props.remove;
            setConfirm(false);
            if (r) void run(r.run);
          }}
        />
      ) : null}
    </div>
  );
}

/** Why a member shown as a preview cannot be edited or removed here. */
export function previewBlock(truncated: boolean, size: number): string | null {
  return truncated
    ? `This member is ${size.toLocaleString('en')} bytes; the list shows its start only, so it cannot be edited or removed from here. Use the CLI for it.`
    : null;
}
