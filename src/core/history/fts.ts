/**
 * Turns what a user types into the history search box into an FTS5 query that
 * can never be a syntax error: each word becomes a quoted phrase (inner quotes
 * doubled), so `AND`, `NOT`, `*`, `:`, `(`, `-`, `^` and unbalanced quotes are
 * plain text; words are ANDed, and the last word matches as a prefix (the user
 * is still typing it). Returns null when nothing searchable is left.
 *
 * The unicode61 tokenizer splits on punctuation, so `value.id` as a phrase
 * matches the adjacent tokens `value id`, i.e. the text `value.id`.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((w) => w.replace(/\p{Cc}/gu, ''))
    // A word of punctuation only has no tokens; as a phrase it would match nothing.
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w.replaceAll('"', '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
