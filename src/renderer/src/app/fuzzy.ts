/**
 * Fuzzy matching for the command palette (pure; unit tested). The query is
 * split into words; every word must match, as a substring (best) or as an
 * in-order subsequence. Matches at word starts and early in the text score
 * higher, as in VS Code's quick open.
 */

export interface FuzzyMatch {
  score: number;
  /** Indices of the matched characters in the target (for highlighting). */
  positions: number[];
}

const isWordStart = (text: string, i: number): boolean => {
  if (i === 0) return true;
  const prev = text[i - 1] ?? '';
  const cur = text[i] ?? '';
  return /[\s\-_:./(]/.test(prev) || (prev === prev.toLowerCase() && cur !== cur.toLowerCase());
};

function matchToken(token: string, target: string, lower: string): FuzzyMatch | null {
  // Substring: prefer an occurrence at a word start, then the earliest.
  let best: FuzzyMatch | null = null;
  for (let at = lower.indexOf(token); at !== -1; at = lower.indexOf(token, at + 1)) {
    const score = 100 + (isWordStart(target, at) ? 50 : 0) - at * 0.1;
    if (!best || score > best.score)
      best = { score, positions: Array.from({ length: token.length }, (_, i) => at + i) };
  }
  if (best) return best;
  // Subsequence: each character in order, preferring word starts and runs.
  let score = 0;
  let from = 0;
  let last = -2;
  const positions: number[] = [];
  for (const ch of token) {
    const plain = lower.indexOf(ch, from);
    if (plain === -1) return null;
    let found = plain;
    if (plain !== last + 1) {
      for (let j = plain; j < lower.length; j++) {
        if (lower[j] === ch && isWordStart(target, j)) {
          found = j;
          break;
        }
      }
    }
    score += found === last + 1 ? 8 : isWordStart(target, found) ? 6 : 1;
    positions.push(found);
    last = found;
    from = found + 1;
  }
  return { score, positions };
}

export function fuzzyMatch(query: string, target: string): FuzzyMatch | null {
  const tokens = query
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0) return { score: 0, positions: [] };
  const lower = target.toLowerCase();
  let score = 0;
  const positions = new Set<number>();
  for (const token of tokens) {
    const m = matchToken(token, target, lower);
    if (!m) return null;
    score += m.score;
    for (const p of m.positions) positions.add(p);
  }
  return { score: score - target.length * 0.1, positions: [...positions].sort((a, b) => a - b) };
}

/** Filters and sorts items by match score; an empty query keeps the original order. */
export function fuzzyFilter<T>(
  items: readonly T[],
  query: string,
  text: (item: T) => string,
): Array<{ item: T; match: FuzzyMatch }> {
  const out: Array<{ item: T; match: FuzzyMatch; order: number }> = [];
  items.forEach((item, order) => {
    const match = fuzzyMatch(query, text(item));
    if (match) out.push({ item, match, order });
  });
  if (query.trim() !== '') out.sort((a, b) => b.match.score - a.match.score || a.order - b.order);
  return out.map(({ item, match }) => ({ item, match }));
}
