import { useRef, type ReactNode } from 'react';
import type React from 'react';
import { IconClose } from './icons';

export interface TabItem {
  id: string;
  label: string;
  icon?: ReactNode;
  /** Shown after the label (an env badge, a count). */
  suffix?: ReactNode;
  closable?: boolean;
  /** A coloured top strip (prod connections). */
  accent?: string | undefined;
  title?: string;
}

export interface TabsProps {
  items: TabItem[];
  activeId: string | null;
  onSelect: (id: string) => void;
  onClose?: (id: string) => void;
  /** 'editor': workspace tabs with close buttons; 'underline': section tabs inside a panel. */
  variant?: 'editor' | 'underline';
  label: string;
  /** Prefix for the ids of tab panels (aria-controls). */
  panelIdPrefix?: string;
  trailing?: ReactNode;
  testId?: string;
}

/**
 * A tab strip with roving focus: ArrowLeft/Right and Home/End move between
 * tabs, Enter/Space select, Delete closes a closable tab, middle-click closes.
 */
export function Tabs(props: TabsProps): ReactNode {
  const { items, activeId, onSelect, onClose, variant = 'editor', label, panelIdPrefix, trailing, testId } = props;
  const refs = useRef(new Map<string, HTMLButtonElement>());

  const focusAt = (index: number): void => {
    const item = items[(index + items.length) % items.length];
    if (!item) return;
    refs.current.get(item.id)?.focus();
    onSelect(item.id);
  };

  const onKeyDown = (event: React.KeyboardEvent, index: number, item: TabItem): void => {
    switch (event.key) {
      case 'ArrowRight':
        event.preventDefault();
        focusAt(index + 1);
        break;
      case 'ArrowLeft':
        event.preventDefault();
        focusAt(index - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        break;
      case 'End':
        event.preventDefault();
        focusAt(items.length - 1);
        break;
      case 'Delete':
        if (item.closable && onClose) {
          event.preventDefault();
          const next = items[index + 1] ?? items[index - 1];
          onClose(item.id);
          if (next) requestAnimationFrame(() => refs.current.get(next.id)?.focus());
        }
        break;
      default:
        break;
    }
  };

  const focusable = items.some((i) => i.id === activeId) ? activeId : items[0]?.id;

  return (
    <div className={`tabs tabs-${variant}`} data-testid={testId}>
      <div role="tablist" aria-label={label} className="tabs-list">
        {items.map((item, index) => {
          const selected = item.id === activeId;
          return (
            <div
              key={item.id}
              className={`tab${selected ? ' tab-active' : ''}${item.closable ? ' tab-closable' : ''}`}
              style={item.accent ? { boxShadow: `inset 0 2px 0 ${item.accent}` } : undefined}
              data-accent={item.accent ? 'true' : undefined}
            >
              <button
                ref={(el) => {
                  if (el) refs.current.set(item.id, el);
                  else refs.current.delete(item.id);
                }}
                type="button"
                role="tab"
                id={panelIdPrefix ? `${panelIdPrefix}-tab-${item.id}` : undefined}
                aria-selected={selected}
                aria-controls={panelIdPrefix ? `${panelIdPrefix}-panel-${item.id}` : undefined}
                tabIndex={item.id === focusable ? 0 : -1}
                className="tab-button"
                title={item.title ?? item.label}
                onClick={() => onSelect(item.id)}
                onAuxClick={(event) => {
                  if (event.button === 1 && item.closable && onClose) onClose(item.id);
                }}
                onKeyDown={(event) => onKeyDown(event, index, item)}
              >
                {item.icon}
                <span className="tab-label">{item.label}</span>
                {item.suffix}
              </button>
              {item.closable && onClose ? (
                <button
                  type="button"
                  className="tab-close"
                  tabIndex={-1}
                  aria-label={`Close ${item.label}`}
                  onClick={() => onClose(item.id)}
                >
                  <IconClose size={12} />
                </button>
              ) : null}
            </div>
          );
        })}
      </div>
      {trailing ? <div className="tabs-trailing">{trailing}</div> : null}
    </div>
  );
}
