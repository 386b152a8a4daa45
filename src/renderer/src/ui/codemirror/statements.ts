import type { StatementRange } from '../codeEditorTypes';

/**
 * The default statement splitter: `;` separates statements, except inside
 * '...', "..." or `...` strings (backslash escapes and doubled quotes both
 * handled), `--` or `//` line comments and `/* ... *\/` block comments.
 * Each range is trimmed of surrounding whitespace; empty statements are dropped.
 */
export function splitStatements(text: string): StatementRange[] {
  const out: StatementRange[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  const push = (end: number): void => {
    let from = start;
    let to = end;
    while (from < to && /\s/.test(text[from] ?? '')) from++;
    while (to > from && /\s/.test(text[to - 1] ?? '')) to--;
    if (to > from) out.push({ from, to });
  };
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < n) {
        const d = text[i];
        if (d === '\\') {
          i += 2;
          continue;
        }
        if (d === c) {
          if (text[i + 1] === c) {
            i += 2; // doubled quote ('it''s')
            continue;
          }
          break;
        }
        i++;
      }
      i++;
    } else if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ';') {
      push(i);
      i++;
      start = i;
    } else {
      i++;
    }
  }
  push(n);
  return out;
}

/**
 * The statement "under the cursor": the one containing `pos` (its end counts,
 * and so does the position just after its terminator); between statements, the
 * nearest one before the cursor, else the first after it. Null when the
 * document holds no statement.
 */
export function statementAt(ranges: readonly StatementRange[], pos: number, text?: string): StatementRange | null {
  let before: StatementRange | null = null;
  for (const r of ranges) {
    if (pos >= r.from && pos <= r.to) return r;
    // Just after the terminator (`select 1;|`).
    if (text !== undefined && pos === r.to + 1 && text[r.to] === ';') return r;
    if (r.to < pos) before = r;
    else return before ?? r;
  }
  return before;
}
