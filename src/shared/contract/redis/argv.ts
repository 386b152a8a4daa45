/**
 * redis-cli's quoting rules (sdssplitargs in redis/src/sds.c), so a line typed
 * in Stackdeck's CLI means what it means in redis-cli: arguments split on
 * whitespace; "double quotes" take \n \r \t \b \a \\ \" and \xHH escapes;
 * 'single quotes' take only \' ; a closing quote must be followed by a space
 * or the end of the line. The result is bytes per argument: the command goes
 * to the server as an argument vector, never as a string it re-parses.
 */

export type ArgvResult = { ok: true; argv: Uint8Array[] } | { ok: false; error: string; at: number };

const enc = new TextEncoder();
const SPACE = /[ \n\r\t\f\v]/;
const HEX = /^[0-9a-fA-F]{2}$/;
const ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, b: 8, a: 7 };

export function splitArgs(line: string): ArgvResult {
  const argv: Uint8Array[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && SPACE.test(line[i]!)) i++;
    if (i >= n) break;
    const bytes: number[] = [];
    const push = (s: string): void => {
      for (const b of enc.encode(s)) bytes.push(b);
    };
    let inDq = false;
    let inSq = false;
    let start = i;
    for (;;) {
      const c = line[i];
      if (inDq) {
        if (c === undefined) return { ok: false, error: 'Unbalanced double quote.', at: start };
        if (c === '\\' && line[i + 1] === 'x' && HEX.test(line.slice(i + 2, i + 4))) {
          bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        if (c === '\\' && i + 1 < n) {
          const e = line[i + 1]!;
          const code = ESCAPES[e];
          if (code !== undefined) bytes.push(code);
          else push(e);
          i += 2;
          continue;
        }
        if (c === '"') {
          const next = line[i + 1];
          if (next !== undefined && !SPACE.test(next))
            return { ok: false, error: 'A closing quote must be followed by a space.', at: i };
          inDq = false;
          i++;
          break;
        }
        i += pushCodePoint(line, i, push);
        continue;
      }
      if (inSq) {
        if (c === undefined) return { ok: false, error: 'Unbalanced single quote.', at: start };
        if (c === '\\' && line[i + 1] === "'") {
          push("'");
          i += 2;
          continue;
        }
        if (c === "'") {
          const next = line[i + 1];
          if (next !== undefined && !SPACE.test(next))
            return { ok: false, error: 'A closing quote must be followed by a space.', at: i };
          inSq = false;
          i++;
          break;
        }
        i += pushCodePoint(line, i, push);
        continue;
      }
      if (c === undefined || SPACE.test(c)) break;
      if (c === '"') {
        inDq = true;
        start = i;
      } else if (c === "'") {
        inSq = true;
        start = i;
      } else {
        i += pushCodePoint(line, i, push);
        continue;
      }
      i++;
    }
    argv.push(Uint8Array.from(bytes));
  }
  return { ok: true, argv };
}

/** Pushes the code point at `i` (not a UTF-16 unit: astral characters stay whole); answers its length. */
function pushCodePoint(line: string, i: number, push: (s: string) => void): number {
  const ch = String.fromCodePoint(line.codePointAt(i)!);
  push(ch);
  return ch.length;
}

/** The lines of a CLI document that hold a command (not blank, not a # comment), with their offsets. */
export function commandLines(text: string): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let from = 0;
  for (const line of text.split('\n')) {
    const to = from + line.length;
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) out.push({ from, to });
    from = to + 1;
  }
  return out;
}
