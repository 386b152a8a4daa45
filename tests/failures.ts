/**
 * The failed tests named in vitest and Playwright JSON reports, one line each
 * with the first line of its error. `npm test` prints them after its counts,
 * and `.ci/run` prints them again as the very last lines of a run, because a
 * CI log is often read from its tail only.
 *
 * CLI: `tsx tests/failures.ts <report.json>...` prints the failures of each
 * report that exists (vitest or Playwright, told apart by their shape).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Failure {
  /** File and test title path. */
  name: string;
  /** First line of the first error, trimmed to one screen line. */
  error: string;
}

interface VitestReport {
  testResults: {
    name: string;
    status?: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

interface PlaywrightSpec {
  title: string;
  file?: string;
  tests: { status?: string; results: { status: string; error?: { message?: string } }[] }[];
}
interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: PlaywrightSpec[];
  suites?: PlaywrightSuite[];
}
interface PlaywrightReport {
  suites: PlaywrightSuite[];
}

/** Terminal colour codes, which vitest leaves in its error text. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const firstLine = (text: string | undefined): string =>
  (text ?? '')
    .replace(ANSI, '')
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim()
    .slice(0, 240) ?? '';

/** Vitest puts a timeout's message in place of a marker in the stack it reports, and the JSON keeps only the marker. */
const vitestError = (text: string | undefined): string => {
  const line = firstLine(text);
  return line === 'Error: STACK_TRACE_ERROR' ? 'Timed out (the test or one of its hooks passed its time limit).' : line;
};

function vitestFailures(report: VitestReport): Failure[] {
  const out: Failure[] = [];
  for (const file of report.testResults) {
    const failed = file.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed)
      out.push({ name: `${file.name} > ${a.fullName}`, error: vitestError(a.failureMessages?.[0]) });
    // A file that fails before any test runs (import error, beforeAll) has no failed assertion.
    if (failed.length === 0 && file.status === 'failed')
      out.push({ name: file.name, error: vitestError(file.message) });
  }
  return out;
}

function playwrightFailures(report: PlaywrightReport): Failure[] {
  const out: Failure[] = [];
  const walk = (suite: PlaywrightSuite, path: string[], file: string | undefined): void => {
    const here = suite.file ?? file;
    const titles = suite.title && suite.title !== here ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        // "unexpected" is a failure on every retry; "flaky" passed on a retry and is not one.
        if (test.status !== 'unexpected') continue;
        const err = test.results.find((r) => r.error !== undefined)?.error?.message;
        out.push({
          name: `${spec.file ?? here ?? ''} > ${[...titles, spec.title].join(' > ')}`,
          error: firstLine(err),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, titles, here);
  };
  for (const s of report.suites) walk(s, [], undefined);
  return out;
}

/** The failures in one report file; a report that cannot be read is itself one failure. */
export function reportFailures(file: string): Failure[] {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<VitestReport & PlaywrightReport>;
    if (Array.isArray(data.testResults)) return vitestFailures(data as VitestReport);
    if (Array.isArray(data.suites)) return playwrightFailures(data as PlaywrightReport);
    return [{ name: basename(file), error: 'not a vitest or Playwright JSON report' }];
  } catch (err) {
    return [{ name: basename(file), error: `report unreadable: ${err instanceof Error ? err.message : String(err)}` }];
  }
}

export function formatFailures(step: string, failures: Failure[]): string {
  if (failures.length === 0) return `${step}: no failed tests`;
  return [`${step}: ${failures.length} failed`, ...failures.map((f) => `  x ${f.name}\n      ${f.error}`)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of process.argv.slice(2)) {
    if (!existsSync(file)) {
      console.log(`${basename(file, '.json')}: no report (the step did not run or crashed)`);
      continue;
    }
    console.log(formatFailures(basename(file, '.json'), reportFailures(file)));
  }
}
