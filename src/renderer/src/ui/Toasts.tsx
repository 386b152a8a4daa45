import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { IconAlert, IconCheckCircle, IconClose, IconInfo, IconXCircle } from './icons';
import { ToastContext, errorToast, toastLifetimeMs, type Toast, type ToastApi, type ToastInput } from './toast';

const MAX_TOASTS = 5;

/** Holds the toast queue and renders it in a live region at the bottom right. */
export function ToastProvider({ children }: { children: ReactNode }): ReactNode {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);

  const push = useCallback(
    (input: ToastInput) => {
      const id = nextId.current++;
      setToasts((list) => [...list, { ...input, id }].slice(-MAX_TOASTS));
      const life = toastLifetimeMs(input.tone);
      if (life !== null)
        timers.current.set(
          id,
          setTimeout(() => dismiss(id), life),
        );
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({ push, dismiss, error: (title, error) => push(errorToast(title, error)) }),
    [push, dismiss],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      {createPortal(
        <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
          {toasts.map((toast) => (
            <ToastView key={toast.id} toast={toast} onDismiss={() => dismiss(toast.id)} />
          ))}
        </div>,
        document.body,
      )}
    </ToastContext.Provider>
  );
}

function ToastView({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }): ReactNode {
  const Icon =
    toast.tone === 'success'
      ? IconCheckCircle
      : toast.tone === 'error'
        ? IconXCircle
        : toast.tone === 'warning'
          ? IconAlert
          : IconInfo;
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      <Icon className="toast-icon" />
      <div className="toast-text">
        <div className="toast-title">
          {toast.title}
          {toast.code ? <code className="toast-code">{toast.code}</code> : null}
        </div>
        {toast.message ? <div className="toast-message">{toast.message}</div> : null}
      </div>
      <button type="button" className="icon-btn" aria-label="Dismiss notification" onClick={onDismiss}>
        <IconClose />
      </button>
    </div>
  );
}
