import { useEffect, useId, useRef, type ReactNode } from 'react';
import type React from 'react';
import { createPortal } from 'react-dom';
import { focusableIn, trapTab } from './focus';
import { useInertApp } from './modal';
import { IconClose } from './icons';

export interface DialogProps {
  title: ReactNode;
  /** One line under the title. */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** Clicking outside closes (default false: a form must not vanish on a stray click). */
  dismissOnBackdrop?: boolean;
  /** Coloured strip at the top (prod connections carry their colour everywhere). */
  accent?: string | undefined;
  testId?: string;
  className?: string;
}

/**
 * Modal dialog: focus moves in (to `[data-autofocus]` or the first control),
 * Tab is trapped, Escape closes the topmost dialog, and focus returns to where
 * it was on close.
 */
export function Dialog(props: DialogProps): ReactNode {
  const {
    title,
    description,
    onClose,
    children,
    footer,
    size = 'md',
    dismissOnBackdrop = false,
    accent,
    testId,
  } = props;
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  useInertApp();

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const node = ref.current;
    if (node) {
      const preferred = node.querySelector<HTMLElement>('[data-autofocus]');
      (preferred ?? focusableIn(node)[0] ?? node).focus();
    }
    return () => {
      if (previous && previous.isConnected) previous.focus();
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      onCloseRef.current();
      return;
    }
    if (ref.current) trapTab(event, ref.current);
  };

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (dismissOnBackdrop && event.target === event.currentTarget) onCloseRef.current();
      }}
    >
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        className={['dialog', `dialog-${size}`, props.className].filter(Boolean).join(' ')}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        style={accent ? { borderTop: `3px solid ${accent}` } : undefined}
      >
        <header className="dialog-header">
          <div className="dialog-titles">
            <h2 id={titleId} className="dialog-title">
              {title}
            </h2>
            {description ? (
              <p id={descId} className="dialog-desc">
                {description}
              </p>
            ) : null}
          </div>
          <button type="button" className="icon-btn" aria-label="Close dialog" onClick={() => onCloseRef.current()}>
            <IconClose />
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer ? <footer className="dialog-footer">{footer}</footer> : null}
      </div>
    </div>,
    document.body,
  );
}
