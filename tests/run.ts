/**
 * `npm test`: the one test command. Makes sure the real local stack is up
 * (starting what is missing, while typecheck, lint, build and unit run), then
 * runs integration and e2e. Every step runs even when an earlier one failed, so one
 * run shows everything that is wrong; the exit code is non-zero if any failed.
 * A server that cannot be started fails the run with its name; nothing is skipped.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatFailures, reportFailures } from './failures';
import { formatMatrix, matrixDir, readMatrix } from './integration/secure/matrix';
import { VALKEY_SUITES, valkeyStep } from './integration/redis/valkey-step';

interface Step {
  name: string;
  command: string;
  args: string[];
  /** JSON report written by the step, read to count tests. */
  report?: { file: string; kind: 'vitest' | 'playwright' };
  /** Added to the environment of the step's process. */
  env?: Record<string, string>;
  /**
   * Runs beside the steps before `joinBefore` (its output held and printed when
   * it ends): the stack's JVMs boot while typecheck, lint, build and unit run.
   */
  background?: { joinBefore: string };
}

const reportDir = join(process.cwd(), 'test-results', 'reports');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
rmSync(matrixDir(), { recursive: true, force: true });

const npx = 'npx';
const steps: Step[] = [
  // The 3-broker Kafka too (replication and leader-change tests), the secure twins and the SSH bastion (--secure), the 3-master Redis Cluster, the one Kafka 3.9 broker beside the 4.x ones (kafka-3.9) and the Connect worker (kafka-connect).
  {
    name: 'stack',
    command: npx,
    args: [
      'tsx',
      'tests/stack/cli.ts',
      'up',
      '--kafka-brokers',
      '3',
      '--secure',
      '--redis-cluster',
      '--kafka-3.9',
      '--kafka-connect',
      // It boots beside tsc, eslint and vitest on the same cores.
      '--timeout-scale',
      '2',
    ],
    background: { joinBefore: 'integration' },
  },
  { name: 'typecheck', command: npx, args: ['tsc', '-b'] },
  { name: 'lint', command: npx, args: ['eslint', '.'] },
  { name: 'format', command: npx, args: ['prettier', '--check', '--log-level', 'warn', '.'] },
  { name: 'build', command: npx, args: ['electron-vite', 'build'] },
  {
    name: 'unit',
    command: npx,
    args: [
      'vitest',
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reportDir, 'unit.json')}`,
    ],
    report: { file: join(reportDir, 'unit.json'), kind: 'vitest' },
  },
  {
    name: 'integration',
    command: npx,
    args: [
      'vitest',
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reportDir, 'integration.json')}`,
    ],
    report: { file: join(reportDir, 'integration.json'), kind: 'vitest' },
  },
  // The core Redis suites once more, against the stack's Valkey (tests/integration/redis/valkey-step.ts).
  ...valkeyStep(npx, VALKEY_SUITES, join(reportDir, 'integration-valkey.json')),
  {
    name: 'e2e',
    command: npx,
    args: ['playwright', 'test', '--project', 'e2e'],
    report: { file: join(reportDir, 'e2e.json'), kind: 'playwright' },
  },
  // The SSH host target's e2e on its own (playwright.config.ts, project e2e-host).
  {
    name: 'e2e-host',
    command: npx,
    args: ['playwright', 'test', '--project', 'e2e-host'],
    report: { file: join(reportDir, 'e2e-host.json'), kind: 'playwright' },
    env: { STACKDECK_E2E_WORKERS: '1' },
  },
];

function run(step: Step, hold = false): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...step.env };
    if (step.report?.kind === 'playwright') env.PLAYWRIGHT_JSON_OUTPUT_NAME = step.report.file;
    const child = spawn(step.command, step.args, { stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => chunks.push(b));
    child.stderr?.on('data', (b: Buffer) => chunks.push(b));
    const output = () => Buffer.concat(chunks).toString('utf8');
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: output() }));
    child.on('error', (err) => resolve({ code: 1, output: `${output()}${String(err)}\n` }));
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function countVitest(file: string): Counts {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return {
    passed: data.numPassedTests,
    failed: data.numFailedTests,
    skipped: data.numPendingTests + data.numTodoTests,
  };
}

function countPlaywright(file: string): Counts {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return {
    passed: data.stats.expected + data.stats.flaky,
    failed: data.stats.unexpected,
    skipped: data.stats.skipped,
  };
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];
const started = Date.now();
const header = (step: Step) => `\n=== ${step.name}: ${[step.command, ...step.args].join(' ')}`;
const finish = (step: Step, code: number, t0: number) => {
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (code !== 0) failedSteps.push(step.name);
  console.log(`=== ${step.name} ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${secs}s`);
  if (step.name === 'stack' && code !== 0) {
    console.error(
      'The local stack did not come up (see above for the server and its log); integration and e2e will fail.',
    );
  }
};
const pending = new Map<string, { step: Step; done: Promise<void> }>();
for (const step of steps) {
  for (const [key, bg] of pending) {
    if (bg.step.background?.joinBefore !== step.name) continue;
    await bg.done;
    pending.delete(key);
  }
  const t0 = Date.now();
  if (step.background) {
    console.log(`${header(step)}\n=== ${step.name}: runs beside the next steps; its output follows when it ends`);
    const done = run(step, true).then(({ code, output }) => {
      console.log(`${header(step)}\n${output.trimEnd()}`);
      finish(step, code, t0);
    });
    pending.set(step.name, { step, done });
    continue;
  }
  console.log(header(step));
  const { code } = await run(step);
  finish(step, code, t0);
  if (step.report) {
    if (existsSync(step.report.file)) {
      const c = step.report.kind === 'vitest' ? countVitest(step.report.file) : countPlaywright(step.report.file);
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    } else if (code !== 0) {
      total.failed += 1;
    }
  }
  if (step.name === 'integration') {
    // The secure suite's kind × case table (tests/integration/secure), written by its test files.
    const rows = readMatrix();
    if (rows.length > 0) console.log(`\nSecure connections matrix (${rows.length} cases):\n${formatMatrix(rows)}`);
  }
}
for (const bg of pending.values()) await bg.done;

console.log(
  `\nSteps: ${steps.length - failedSteps.length} ok, ${failedSteps.length} failed${failedSteps.length ? ` (${failedSteps.join(', ')})` : ''}; ${((Date.now() - started) / 1000).toFixed(0)}s`,
);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
// The failed tests by name, last, so a log read from its tail shows them.
for (const step of steps) {
  if (step.report && existsSync(step.report.file)) {
    const failures = reportFailures(step.report.file);
    if (failures.length > 0) console.log(formatFailures(step.name, failures));
  }
}
process.exit(failedSteps.length === 0 && total.failed === 0 ? 0 : 1);
