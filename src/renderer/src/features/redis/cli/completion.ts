import type { CommandDoc } from '../../../../../shared/contract/redis/cli';
import type { CompletionProvider, CompletionResult } from '../../../ui/codeEditorTypes';

/** Pure helpers of the CLI: completion and the hint line, from the server's own COMMAND DOCS (unit tested). */

export interface CommandIndex {
  /** Top-level commands, by lower-case name. */
  readonly top: ReadonlyMap<string, CommandDoc>;
  /** Subcommands by parent: "config" -> [get, set, ...]. */
  readonly subs: ReadonlyMap<string, CommandDoc[]>;
}

export function indexCommands(docs: readonly CommandDoc[]): CommandIndex {
  const top = new Map<string, CommandDoc>();
  const subs = new Map<string, CommandDoc[]>();
  for (const d of docs) {
    const [parent, sub] = d.name.split(' ');
    if (sub === undefined) top.set(parent!, d);
    else subs.set(parent!, [...(subs.get(parent!) ?? []), d]);
  }
  return { top, subs };
}

/** The words of a line up to `col`, and where the word being typed starts. */
function wordsBefore(line: string, col: number): { words: string[]; from: number } {
  const before = line.slice(0, col);
  const m = /(\S*)$/.exec(before);
  const from = col - (m?.[1]?.length ?? 0);
  const words = before.slice(0, from).trim() === '' ? [] : before.slice(0, from).trim().split(/\s+/);
  return { words, from };
}

/** Completion at `pos` in `text`: command names in the first word, subcommands in the second. */
export function complete(index: CommandIndex, text: string, pos: number): CompletionResult | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const line = text.slice(lineStart, text.indexOf('\n', pos) === -1 ? undefined : text.indexOf('\n', pos));
  const { words, from } = wordsBefore(line, pos - lineStart);
  const typed = line.slice(from, pos - lineStart).toLowerCase();
  if (words.length === 0) {
    const options = [...index.top.values()]
      .filter((d) => d.name.startsWith(typed))
      .slice(0, 200)
      .map((d) => ({
        label: d.name.toUpperCase(),
        type: 'keyword',
        detail: d.summary ? `${d.syntax} — ${d.summary}` : d.syntax,
      }));
    return options.length > 0 ? { from: lineStart + from, options } : null;
  }
  if (words.length === 1) {
    const subs = index.subs.get(words[0]!.toLowerCase());
    if (!subs) return null;
    const options = subs
      .filter((d) => d.name.split(' ')[1]!.startsWith(typed))
      .map((d) => ({
        label: d.name.split(' ')[1]!.toUpperCase(),
        type: 'function',
        detail: d.summary ? `${d.syntax} — ${d.summary}` : d.syntax,
      }));
    return options.length > 0 ? { from: lineStart + from, options } : null;
  }
  return null;
}

export function completionProvider(index: CommandIndex | null): CompletionProvider {
  return async ({ text, pos }) => (index ? complete(index, text, pos) : null);
}

/** The doc of the command a line starts with (its subcommand when it has one). */
export function docOfLine(index: CommandIndex, line: string): CommandDoc | null {
  const [a, b] = line.trim().split(/\s+/);
  if (!a) return null;
  const name = a.toLowerCase();
  if (b) {
    const sub = index.subs.get(name)?.find((d) => d.name === `${name} ${b.toLowerCase()}`);
    if (sub) return sub;
  }
  return index.top.get(name) ?? null;
}
