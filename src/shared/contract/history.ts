import { z } from 'zod';
import { method, stream } from './define';
import { ExportEvent, ExportOptions } from './exports';

/**
 * `history.*`: Stackdeck's own record of what the user ran, what they saved,
 * and the text of each editor tab. Kept in core's embedded store (its own file,
 * `query-history.db`), never on a data server, so no method here writes to a
 * server (`writes: false`: the read-only guard protects servers, and a
 * read-only connection's history is still the user's).
 *
 * - Entries: one per run, per connection and language (`cql`, `cypher`,
 *   `mongo`, `redis`, `kafka-cel`, ...), newest first, at most
 *   `HISTORY_LIMIT_PER_CONNECTION` per connection (the oldest are dropped).
 *   Search is SQLite FTS5 over the text; what the user types is taken as plain
 *   words (quoted, last word as a prefix), never as FTS syntax.
 * - Parameters marked `secret` are never stored: only their name is kept.
 * - Saved queries: a name, a folder ('' = top level), a language and text;
 *   per connection, or for every connection (`connectionId: null`).
 * - Drafts: the text of an editor tab, keyed by a tab key the area chooses
 *   (e.g. `cassandra:<connectionId>:cql`), so it survives a restart.
 * - Attachments: an area may keep a text (its own JSON) with an entry, to
 *   restore its view when the same query runs again (Neo4j keeps node
 *   positions). At most HISTORY_ATTACHMENT_MAX characters each, on at most
 *   HISTORY_ATTACHMENTS_PER_CONNECTION entries per connection; not part of
 *   list or search pages, so a page stays small.
 */

export const HISTORY_LIMIT_PER_CONNECTION = 10_000;
export const HISTORY_TEXT_MAX = 1_000_000;
/** Characters of one entry's attachment (5,000 Neo4j node positions take about 200,000). */
export const HISTORY_ATTACHMENT_MAX = 512_000;
/** Entries per connection that keep an attachment: attaching one more clears the oldest attached. */
export const HISTORY_ATTACHMENTS_PER_CONNECTION = 50;

const connectionId = z.string().min(1).max(200);
const language = z.string().min(1).max(40);
const text = z.string().max(HISTORY_TEXT_MAX);

export const HistoryParam = z.object({
  name: z.string().max(200),
  /** Shown when the entry is re-run; dropped when `secret`. */
  value: z.string().max(10_000).optional(),
  /** A secret parameter (password, token): its value is never recorded. */
  secret: z.boolean().default(false),
});
export type HistoryParam = z.infer<typeof HistoryParam>;

export const StoredParam = z.object({
  name: z.string(),
  /** Absent for secret parameters. */
  value: z.string().optional(),
  secret: z.boolean(),
});

export const HistoryEntry = z.object({
  id: z.number().int(),
  connectionId: z.string(),
  language: z.string(),
  text: z.string(),
  params: z.array(StoredParam),
  /** Epoch ms when the run started. */
  startedAt: z.number(),
  durationMs: z.number().nullable(),
  /** Rows (messages, documents, keys) the run returned; null when unknown or failed. */
  rows: z.number().int().nullable(),
  /** The error message when the run failed; null when it succeeded. */
  error: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const RecordInput = z.object({
  connectionId,
  language,
  text,
  params: z.array(HistoryParam).max(100).default([]),
  startedAt: z.number().optional(),
  durationMs: z.number().min(0).nullable().default(null),
  rows: z.number().int().min(0).nullable().default(null),
  error: z.string().max(10_000).nullable().default(null),
});
export type RecordInput = z.input<typeof RecordInput>;

const page = {
  /** Omit for every language of the connection. */
  language: language.optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** `nextBefore` of the previous page: entries with a smaller id. */
  before: z.number().int().optional(),
};

export const ListEntriesInput = z.object({ connectionId, ...page });
export const SearchEntriesInput = z.object({ connectionId, query: z.string().max(1000), ...page });

export const EntriesPage = z.object({
  entries: z.array(HistoryEntry),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.number().int().nullable(),
});
export type EntriesPage = z.infer<typeof EntriesPage>;

export const SavedQuery = z.object({
  id: z.string(),
  /** null: offered for every connection of the language. */
  connectionId: z.string().nullable(),
  name: z.string(),
  /** '' = top level; '/' separates nested folders. */
  folder: z.string(),
  language: z.string(),
  text: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type SavedQuery = z.infer<typeof SavedQuery>;

const savedName = z.string().trim().min(1, 'Give the query a name.').max(200);
const folder = z.string().trim().max(500).default('');
const savedId = z.string().min(1).max(100);

export const historyContract = {
  'history.entries.record': method({
    input: RecordInput,
    output: HistoryEntry,
    summary:
      'Records one run (text, when, duration, rows or error) for a connection and language; secret parameters are kept by name only.',
  }),
  'history.entries.list': method({
    input: ListEntriesInput,
    output: EntriesPage,
    summary: 'Runs of a connection (optionally one language), newest first, a page at a time.',
  }),
  'history.entries.search': method({
    input: SearchEntriesInput,
    output: EntriesPage,
    summary: 'Full-text search (SQLite FTS5) of the runs of a connection; the query is plain words, last one a prefix.',
  }),
  'history.entries.export': stream({
    input: z
      .object({ connectionId, language: language.optional(), query: z.string().max(1000).default('') })
      .extend(ExportOptions.shape),
    event: ExportEvent,
    summary:
      'Writes the runs of a connection (all, or those a search finds) to a CSV, JSON Lines or JSON file with the generic exporter.',
  }),
  'history.entries.delete': method({
    input: z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }),
    output: z.object({ deleted: z.number().int() }),
    summary: 'Deletes history entries by id.',
  }),
  'history.entries.clear': method({
    input: z.object({ connectionId, language: language.optional() }),
    output: z.object({ deleted: z.number().int() }),
    summary: 'Deletes every history entry of a connection (or of one of its languages).',
  }),
  'history.entries.attach': method({
    input: z.object({ id: z.number().int(), attachment: z.string().max(HISTORY_ATTACHMENT_MAX).nullable() }),
    output: z.object({ attached: z.boolean() }),
    summary:
      "Keeps a text with an entry (null removes it); the connection's oldest attachments beyond the limit are dropped. false when the entry is gone.",
  }),
  'history.entries.attachment': method({
    input: z.object({ connectionId, language, text }),
    output: z.object({ entryId: z.number().int().nullable(), attachment: z.string().nullable() }),
    summary: 'The attachment of the newest entry with this exact text that has one (nulls when none).',
  }),
  'history.saved.list': method({
    input: z.object({ connectionId: connectionId.optional(), language: language.optional() }),
    output: z.array(SavedQuery),
    summary:
      "Saved queries, by folder then name: the connection's own and those for every connection (or all of them when no connection is given).",
  }),
  'history.saved.save': method({
    input: z.object({
      /** Updates that saved query when given; creates one otherwise. */
      id: savedId.optional(),
      connectionId: connectionId.nullable().default(null),
      name: savedName,
      folder,
      language,
      text,
    }),
    output: SavedQuery,
    summary: 'Creates a saved query, or replaces the text (and name, folder) of an existing one.',
  }),
  'history.saved.rename': method({
    input: z.object({ id: savedId, name: savedName }),
    output: SavedQuery,
    summary: 'Renames a saved query.',
  }),
  'history.saved.move': method({
    input: z.object({ id: savedId, folder }),
    output: SavedQuery,
    summary: 'Moves a saved query to another folder.',
  }),
  'history.saved.delete': method({
    input: z.object({ id: savedId }),
    output: z.object({ deleted: z.boolean() }),
    summary: 'Deletes a saved query.',
  }),
  'history.drafts.get': method({
    input: z.object({ tabKey: z.string().min(1).max(300) }),
    output: z.object({ text: z.string().nullable(), updatedAt: z.number().nullable() }),
    summary: 'The text an editor tab had when it was last put (null when none).',
  }),
  'history.drafts.put': method({
    input: z.object({ tabKey: z.string().min(1).max(300), text }),
    output: z.object({ ok: z.literal(true) }),
    summary: "Stores an editor tab's text (an empty text removes the draft).",
  }),
} as const;
