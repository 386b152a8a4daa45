/**
 * The secure suite's result matrix (kind × case → stage and code): each kind's
 * test file writes its rows, and `tests/run.ts` prints them all after the
 * integration step. No imports beyond node and the stack paths, so run.ts can load it.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../../stack/paths.js';

export interface MatrixRow {
  kind: string;
  case: string;
  /** `ok`, or the failed stage. */
  stage: string;
  code: string;
  ms: number;
}

export const matrixDir = (): string => join(stackPaths().repo, 'test-results', 'secure-matrix');

/** Writes a kind's rows for the end-of-run table and returns the table text. */
export function writeMatrix(kind: string, rows: readonly MatrixRow[]): string {
  mkdirSync(matrixDir(), { recursive: true });
  writeFileSync(join(matrixDir(), `${kind}.json`), JSON.stringify(rows, null, 2));
  return formatMatrix(rows);
}

export function formatMatrix(rows: readonly MatrixRow[]): string {
  const cells = [
    ['kind', 'case', 'stage', 'code', 'ms'],
    ...rows.map((r) => [r.kind, r.case, r.stage, r.code, String(r.ms)]),
  ];
  const widths = (cells[0] ?? []).map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Every kind's rows written during this run (tests/run.ts prints them after the integration step). */
export function readMatrix(): MatrixRow[] {
  try {
    return readdirSync(matrixDir())
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => JSON.parse(readFileSync(join(matrixDir(), f), 'utf8')) as MatrixRow[]);
  } catch {
    return [];
  }
}
