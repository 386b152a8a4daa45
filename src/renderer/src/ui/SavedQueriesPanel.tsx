import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { SavedQuery } from '../../../shared/contract/history';
import '../styles/workbench.css';
import { ErrorBanner } from './ErrorBanner';
import { IconFolder, IconPencil, IconTrash } from './icons';
import type { SavedQueries } from './useSavedQueries';

/**
 * The Saved panel that sits beside any editor.
 *
 * Props:
 * - `saved`: from `useSavedQueries(connectionId, language)`.
 * - `currentText` (optional): the editor's text; enables "Save current" and
 *   "Replace with current".
 * - `onPick(text, item)`: the user chose a saved query: put it in the editor.
 * - `onRun(text, item)` (optional): shows a Run button per saved query.
 *
 * Queries are grouped by folder ('' is the top level, '/' nests); each can be
 * renamed, moved to another folder, updated with the current text or deleted.
 */
export interface SavedQueriesPanelProps {
  saved: SavedQueries;
  currentText?: string;
  onPick(text: string, item: SavedQuery): void;
  onRun?(text: string, item: SavedQuery): void;
}

type Editing = { id: string; field: 'name' | 'folder'; value: string } | null;

export function SavedQueriesPanel({ saved, currentText, onPick, onRun }: SavedQueriesPanelProps): ReactNode {
  const [form, setForm] = useState<{ name: string; folder: string; all: boolean } | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [filter, setFilter] = useState('');
  const [failure, setFailure] = useState<unknown>(null);

  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const out = new Map<string, SavedQuery[]>();
    for (const item of saved.items) {
      if (f && !item.name.toLowerCase().includes(f) && !item.text.toLowerCase().includes(f)) continue;
      const list = out.get(item.folder) ?? [];
      list.push(item);
      out.set(item.folder, list);
    }
    return [...out.entries()];
  }, [saved.items, filter]);

  const attempt = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      setFailure(null);
      return true;
    } catch (e) {
      setFailure(e);
      return false;
    }
  };

  const submitNew = (e: FormEvent): void => {
    e.preventDefault();
    if (!form || currentText === undefined) return;
    const draft = { name: form.name, folder: form.folder, text: currentText, allConnections: form.all };
    void attempt(() => saved.save(draft)).then((ok) => ok && setForm(null));
  };

  const submitEdit = (e: FormEvent): void => {
    e.preventDefault();
    if (!editing) return;
    const { id, field, value } = editing;
    void attempt(() => (field === 'name' ? saved.rename(id, value) : saved.move(id, value))).then(
      (ok) => ok && setEditing(null),
    );
  };

  return (
    <section className="wb-panel" aria-label="Saved queries" data-testid="saved-panel">
      <div className="wb-panel-head">
        <h3 className="wb-panel-title">Saved</h3>
        <span className="spacer" />
        {currentText !== undefined ? (
          <button
            type="button"
            className="btn btn-sm"
            disabled={currentText.trim() === ''}
            onClick={() => setForm({ name: '', folder: '', all: false })}
          >
            Save current
          </button>
        ) : null}
      </div>
      {form ? (
        <form className="wb-form" onSubmit={submitNew} aria-label="Save query">
          <input
            className="input"
            aria-label="Name"
            placeholder="Name"
            autoFocus
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <input
            className="input"
            aria-label="Folder"
            placeholder="Folder (optional, a/b nests)"
            value={form.folder}
            onChange={(e) => setForm({ ...form, folder: e.target.value })}
          />
          <label className="check">
            <input type="checkbox" checked={form.all} onChange={(e) => setForm({ ...form, all: e.target.checked })} />{' '}
            For every connection
          </label>
          <div className="wb-form-actions">
            <button type="submit" className="btn btn-primary btn-sm" disabled={form.name.trim() === ''}>
              Save
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setForm(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {saved.items.length > 5 ? (
        <input
          className="input wb-filter"
          type="search"
          aria-label="Filter saved queries"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      ) : null}
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(null)} /> : null}
      {saved.error ? <ErrorBanner error={saved.error} /> : null}
      {groups.map(([folder, items]) => (
        <div key={folder} className="wb-group" data-testid="saved-folder" data-folder={folder}>
          {folder !== '' ? (
            <div className="wb-group-title">
              <IconFolder /> {folder}
            </div>
          ) : null}
          <ul className="wb-list">
            {items.map((item) => (
              <li key={item.id} className="wb-item" data-testid="saved-query">
                {editing?.id === item.id ? (
                  <form className="wb-inline" onSubmit={submitEdit}>
                    <input
                      className="input"
                      autoFocus
                      aria-label={editing.field === 'name' ? 'New name' : 'Folder'}
                      value={editing.value}
                      onChange={(e) => setEditing({ ...editing, value: e.target.value })}
                      onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                    />
                    <button type="submit" className="btn btn-sm">
                      OK
                    </button>
                  </form>
                ) : (
                  <button
                    type="button"
                    className="wb-item-main"
                    title={item.text}
                    onClick={() => onPick(item.text, item)}
                  >
                    <span className="wb-item-name">{item.name}</span>
                    <span className="wb-item-text mono">{item.text}</span>
                    {item.connectionId === null ? <span className="wb-item-meta">every connection</span> : null}
                  </button>
                )}
                <div className="wb-item-actions">
                  {onRun ? (
                    <button type="button" className="btn btn-sm" onClick={() => onRun(item.text, item)}>
                      Run
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Rename ${item.name}`}
                    title="Rename"
                    onClick={() => setEditing({ id: item.id, field: 'name', value: item.name })}
                  >
                    <IconPencil />
                  </button>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Move ${item.name} to a folder`}
                    title="Move to folder"
                    onClick={() => setEditing({ id: item.id, field: 'folder', value: item.folder })}
                  >
                    <IconFolder />
                  </button>
                  {currentText !== undefined && currentText !== item.text && currentText.trim() !== '' ? (
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      title="Replace the saved text with the editor's text"
                      onClick={() => void attempt(() => saved.update(item, currentText))}
                    >
                      Replace
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Delete ${item.name}`}
                    title="Delete"
                    onClick={() => {
                      if (window.confirm(`Delete the saved query "${item.name}"?`))
                        void attempt(() => saved.remove(item.id));
                    }}
                  >
                    <IconTrash />
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {!saved.loading && saved.items.length === 0 ? (
        <p className="wb-empty muted" data-testid="saved-empty">
          Save a query to keep it here.
        </p>
      ) : null}
    </section>
  );
}
