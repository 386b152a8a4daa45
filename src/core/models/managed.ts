/**
 * One deployment as the supervisor holds it: its process (a child core
 * started, or a kept service a previous core started and this one adopted),
 * status, bounded log ring and metrics series.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { DeploymentBase as Deployment, MetricsPoint } from '../../shared/contract/models';
import type { FileLog } from './kept';
import type { Scrape } from './metrics';

const LOG_LINES = 2000;

export interface DeployOptions {
  readonly dir: string;
  readonly python: string;
  readonly sha256: string;
  readonly name: string;
  readonly workers: number;
  readonly apiKey?: string | undefined;
  /** Extra environment for the service (the prediction log's file). */
  readonly env?: Readonly<Record<string, string>>;
  /** Keep it running after core quits (own process group, log in a file, re-adopted by the next core). */
  readonly keep?: boolean;
}

export type LogListener = (lines: string[]) => void;

export class Managed {
  child: ChildProcess | null = null;
  /** The pid of an adopted service (not core's child). */
  adoptedPid: number | null = null;
  adopted = false;
  status: Deployment['status'] = 'starting';
  healthy = false;
  restarts = 0;
  lastError: string | null = null;
  startedAt = Date.now();
  stopping = false;
  readonly log: string[] = [];
  readonly listeners = new Set<LogListener>();
  readonly points: MetricsPoint[] = [];
  lastScrape: Scrape | null = null;
  timer: NodeJS.Timeout | null = null;
  restartTimer: NodeJS.Timeout | null = null;
  logTimer: NodeJS.Timeout | null = null;
  metricsDir: string | null = null;
  /** The feedback store's SQLite file lives here: one per deployment, removed with it. */
  stateDir: string | null = null;
  /** A kept service's log file, followed instead of pipes. */
  fileLog: FileLog | null = null;
  partial = { out: '', err: '' };
  /** The last write of a kept deployment's record; stop() waits for it before removing the record. */
  recording: Promise<void> = Promise.resolve();
  /** Set by the service's versions; a kept deployment's record carries it to the next core. */
  meta: { version: number; role: 'active' | 'standby' | 'retired'; stablePort: number | null } = {
    version: 1,
    role: 'active',
    stablePort: null,
  };

  constructor(
    readonly opts: DeployOptions,
    readonly port: number,
    readonly id: string = randomUUID(),
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? this.adoptedPid;
  }

  view(): Deployment {
    return {
      id: this.id,
      name: this.opts.name,
      sha256: this.opts.sha256,
      dir: this.opts.dir,
      port: this.port,
      pid: this.pid,
      url: this.url,
      status: this.status,
      healthy: this.healthy,
      restarts: this.restarts,
      startedAt: this.startedAt,
      lastError: this.lastError,
      apiKey: this.opts.apiKey !== undefined,
      keep: this.opts.keep === true,
      adopted: this.adopted,
    };
  }

  append(lines: string[]): void {
    if (lines.length === 0) return;
    this.log.push(...lines);
    if (this.log.length > LOG_LINES) this.log.splice(0, this.log.length - LOG_LINES);
    for (const l of this.listeners) l(lines);
  }

  tail(n = 20): string {
    return this.log.slice(-n).join('\n');
  }
}
