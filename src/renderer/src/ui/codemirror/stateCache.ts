import type { EditorState } from '@codemirror/state';

export interface CachedEditor {
  state: EditorState;
  scrollTop: number;
}

/**
 * EditorState per editor tab key, so switching tabs keeps text, cursor,
 * scroll anchor and undo history. Bounded (least recently used dropped): an
 * editor whose state was dropped starts from its `value` prop again.
 */
export class StateCache<T = CachedEditor> {
  private readonly map = new Map<string, T>();
  constructor(private readonly max = 64) {}

  get(key: string): T | undefined {
    const s = this.map.get(key);
    if (s !== undefined) {
      this.map.delete(key);
      this.map.set(key, s);
    }
    return s;
  }

  set(key: string, entry: T): void {
    this.map.delete(key);
    this.map.set(key, entry);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

/** The module-wide cache every CodeEditor with a `stateKey` uses. */
export const editorStates = new StateCache<CachedEditor>(64);
