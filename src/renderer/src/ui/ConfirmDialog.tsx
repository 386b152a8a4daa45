import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words. */
  message: ReactNode;
  confirmLabel?: string;
  /** Destructive actions get a red button. */
  danger?: boolean;
  /** When set, the user must type this exact text before confirming (for production-grade deletes). */
  requireText?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A yes/no question. Enter confirms only when allowed; Escape cancels. */
export function ConfirmDialog(props: ConfirmDialogProps): ReactNode {
  const {
    title,
    message,
    confirmLabel = 'Confirm',
    danger = false,
    requireText,
    busy = false,
    onConfirm,
    onCancel,
  } = props;
  const [typed, setTyped] = useState('');
  const allowed = !busy && (requireText === undefined || typed === requireText);
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      size="sm"
      dismissOnBackdrop
      testId="confirm-dialog"
      footer={
        <>
          <button
            type="button"
            className="btn"
            onClick={onCancel}
            data-autofocus={requireText === undefined ? true : undefined}
          >
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={!allowed}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-message">{message}</div>
      {requireText !== undefined ? (
        <form
          className="confirm-type"
          onSubmit={(event) => {
            event.preventDefault();
            if (allowed) onConfirm();
          }}
        >
          <label className="field-label">
            Type <strong className="mono">{requireText}</strong> to confirm
          </label>
          <input
            className="input"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            aria-label={`Type ${requireText} to confirm`}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
        </form>
      ) : null}
    </Dialog>
  );
}
