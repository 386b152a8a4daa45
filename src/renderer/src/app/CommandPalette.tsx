import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type React from 'react';
import { createPortal } from 'react-dom';
import { IconSearch } from '../ui/icons';
import { rememberFocus, useInertApp } from '../ui/modal';
import type { Command } from './commands';
import { fuzzyFilter } from './fuzzy';
import { formatHotkey } from './hotkeys';

export interface CommandPaletteProps {
  commands: readonly Command[];
  onClose: () => void;
  mac: boolean;
}

/** Renders `text` with the matched characters emphasised (as text nodes, never HTML). */
function Highlighted({ text, positions }: { text: string; positions: readonly number[] }): ReactNode {
  if (positions.length === 0) return text;
  const marks = new Set(positions);
  const parts: ReactNode[] = [];
  let run = '';
  let runMarked = false;
  const flush = (key: number): void => {
    if (run === '') return;
    parts.push(runMarked ? <mark key={key}>{run}</mark> : <span key={key}>{run}</span>);
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    const marked = marks.has(i);
    if (marked !== runMarked) {
      flush(i);
      runMarked = marked;
    }
    run += text[i];
  }
  flush(text.length);
  return parts;
}

/** Ctrl/Cmd+K: type to filter, arrows to move, Enter to run, Escape to close. */
export function CommandPalette({ commands, onClose, mac }: CommandPaletteProps): ReactNode {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  useInertApp();
  useEffect(() => {
    const restore = rememberFocus();
    inputRef.current?.focus();
    return restore;
  }, []);

  const results = useMemo(
    () => fuzzyFilter(commands, query, (c) => `${c.title} ${c.keywords ?? ''}`.trim()).slice(0, 50),
    [commands, query],
  );
  const current = Math.min(active, Math.max(0, results.length - 1));

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const run = (command: Command | undefined): void => {
    if (!command) return;
    onClose();
    // Let the palette unmount (and focus return) before the command opens its own UI.
    setTimeout(command.run, 0);
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    switch (event.key) {
      case 'ArrowDown':
        setActive((current + 1) % Math.max(1, results.length));
        break;
      case 'ArrowUp':
        setActive((current - 1 + results.length) % Math.max(1, results.length));
        break;
      case 'PageDown':
        setActive(Math.min(results.length - 1, current + 8));
        break;
      case 'PageUp':
        setActive(Math.max(0, current - 8));
        break;
      case 'Enter':
        run(results[current]?.item);
        break;
      case 'Escape':
        onClose();
        break;
      case 'Tab':
        break; // focus stays in the input
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div className="palette-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="command-palette"
        onKeyDown={onKeyDown}
      >
        <div className="palette-input-row">
          <IconSearch className="palette-search-icon" />
          <input
            ref={inputRef}
            className="palette-input"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={results.length > 0 ? `${listId}-${current}` : undefined}
            aria-autocomplete="list"
            placeholder="Type a command or a connection name"
            value={query}
            spellCheck={false}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
          />
          <kbd>Esc</kbd>
        </div>
        <ul id={listId} ref={listRef} role="listbox" aria-label="Commands" className="palette-list">
          {results.map(({ item, match }, index) => (
            <li
              key={item.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === current}
              data-index={index}
              className={`palette-item${index === current ? ' palette-item-active' : ''}`}
              onMouseMove={() => index !== current && setActive(index)}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run(item)}
            >
              <span className="palette-title">
                <Highlighted text={item.title} positions={match.positions.filter((p) => p < item.title.length)} />
              </span>
              <span className="palette-group">{item.group}</span>
              {item.hotkey ? <kbd className="palette-kbd">{formatHotkey(item.hotkey, mac)}</kbd> : null}
            </li>
          ))}
          {results.length === 0 ? <li className="palette-empty">No commands match “{query}”.</li> : null}
        </ul>
      </div>
    </div>,
    document.body,
  );
}
