import { useEffect, useRef, useState, type ReactNode } from 'react';
import type React from 'react';
import { createPortal } from 'react-dom';
import { IconMore } from './icons';

export interface MenuItem {
  id: string;
  label: string;
  icon?: ReactNode;
  hint?: string;
  danger?: boolean;
  disabled?: boolean;
  /** Draws a separator above this item. */
  separator?: boolean;
  onSelect: () => void;
}

export interface MenuPopoverProps {
  items: readonly MenuItem[];
  /** Viewport coordinates of the menu's top-left corner. */
  at: { x: number; y: number };
  onClose: () => void;
  label: string;
}

/** A menu at a point (context menus, kebab buttons): arrows move, Enter selects, Escape or a click outside closes. */
export function MenuPopover({ items, at, onClose, label }: MenuPopoverProps): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(at);
  const enabled = items.filter((i) => !i.disabled);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    // Keep the menu on screen.
    const rect = node.getBoundingClientRect();
    const x = Math.max(4, Math.min(at.x, window.innerWidth - rect.width - 4));
    const y = at.y + rect.height > window.innerHeight - 4 ? Math.max(4, at.y - rect.height) : at.y;
    setPos({ x, y });
    node.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const close = (): void => onCloseRef.current();
    const onDown = (event: MouseEvent): void => {
      if (!node.contains(event.target as Node)) close();
    };
    window.addEventListener('mousedown', onDown, true);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('blur', close);
    };
  }, [at]);

  const move = (delta: number): void => {
    const nodes = Array.from(
      ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [],
    );
    const index = nodes.indexOf(document.activeElement as HTMLElement);
    nodes[(index + delta + nodes.length) % nodes.length]?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={onKeyDown}
      data-testid="menu"
    >
      {items.map((item) => (
        <div key={item.id}>
          {item.separator ? <div className="menu-sep" role="separator" /> : null}
          <button
            type="button"
            role="menuitem"
            className={`menu-item${item.danger ? ' menu-danger' : ''}`}
            aria-disabled={item.disabled ? 'true' : undefined}
            tabIndex={-1}
            onClick={() => {
              if (item.disabled) return;
              onClose();
              item.onSelect();
            }}
          >
            <span className="menu-icon">{item.icon}</span>
            <span className="menu-label">{item.label}</span>
            {item.hint ? <span className="menu-hint">{item.hint}</span> : null}
          </button>
        </div>
      ))}
      {enabled.length === 0 ? <div className="menu-empty">No actions</div> : null}
    </div>,
    document.body,
  );
}

/** A "more actions" button that opens a MenuPopover below itself. */
export function MenuButton({
  items,
  label,
  className,
}: {
  items: readonly MenuItem[];
  label: string;
  className?: string;
}): ReactNode {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className={className ?? 'icon-btn'}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={at !== null}
        onClick={(event) => {
          event.stopPropagation();
          const rect = event.currentTarget.getBoundingClientRect();
          setAt(at ? null : { x: rect.left, y: rect.bottom + 4 });
        }}
      >
        <IconMore />
      </button>
      {at ? (
        <MenuPopover
          items={items}
          at={at}
          label={label}
          onClose={() => {
            setAt(null);
            button.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}
