import type { z } from 'zod';
import { StackdeckError } from './errors';

/**
 * One wording for schema failures, used by core (the authoritative check) and by
 * the renderer client (early feedback before sending), so the user sees the same
 * message whichever side caught it.
 */

const MAX_LISTED = 5;

/** `filters[0].value`, `sasl.password`, `(input)` for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(input)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

export interface IssueSummary {
  /** Field paths in the order zod reported them, without duplicates. */
  readonly paths: string[];
  /** "connectionId: Invalid input: expected string, received undefined; limit: Too big: ..." */
  readonly text: string;
}

export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): IssueSummary {
  const paths: string[] = [];
  const parts: string[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (!paths.includes(path)) paths.push(path);
    if (parts.length < MAX_LISTED) parts.push(`${path}: ${issue.message}`);
  }
  const more = issues.length > MAX_LISTED ? `; and ${issues.length - MAX_LISTED} more` : '';
  return { paths, text: parts.join('; ') + more };
}

/** The INVALID_INPUT error for a request whose input failed its schema. */
export function invalidInputError(name: string, issues: readonly z.core.$ZodIssue[]): StackdeckError {
  const { paths, text } = summarizeIssues(issues);
  return new StackdeckError(
    'INVALID_INPUT',
    `The request "${name}" has invalid fields: ${text}. Correct them and try again.`,
    {
      fields: paths.join(', '),
    },
  );
}
