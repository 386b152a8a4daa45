/**
 * Types shared by CodeEditor and the areas that plug a language into it.
 * Providers are async and cancellable: an area may complete or lint from its
 * live server schema, and the editor aborts `signal` as soon as the answer is
 * no longer wanted (the user typed on, the editor closed).
 */

export interface CompletionOption {
  label: string;
  /** CodeMirror completion type: keyword, variable, property, function, type, constant... (drives the icon). */
  type?: string;
  detail?: string;
  /** Text inserted instead of the label. */
  apply?: string;
}

export interface CompletionResult {
  /** Start of the text the options replace (usually the start of the word being typed). */
  from: number;
  options: CompletionOption[];
}

export type CompletionProvider = (ctx: {
  text: string;
  pos: number;
  signal: AbortSignal;
  /** True when the user asked for completion (Ctrl+Space) rather than typing. */
  explicit?: boolean;
}) => Promise<CompletionResult | null>;

export interface EditorDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export type DiagnosticsProvider = (text: string, signal: AbortSignal) => Promise<EditorDiagnostic[]>;

export type RunMode = 'statement' | 'selection' | 'all';

/** A range of the document [from, to) holding one statement (without its terminator). */
export interface StatementRange {
  from: number;
  to: number;
}

/** Splits a document into statements. The default splits on `;` outside strings and comments. */
export type StatementSplitter = (text: string) => StatementRange[];
