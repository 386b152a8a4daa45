/**
 * The exports area: `exports.info` and the retention sweep of the exports
 * folder (at start and hourly; the timer is unref'd and cleared on dispose).
 * Areas write exports with `exportRows` (./index.ts) in their own handlers.
 */
import type { AreaEnv, CoreArea } from '../area';
import { exportsDir } from '../exports';
import { DEFAULT_RETENTION_MS, exportsUsage, sweepExports } from './retention';

export interface ExportsAreaOptions {
  /** Defaults to 24 h; STACKDECK_EXPORT_RETENTION_HOURS overrides it. */
  readonly retentionMs?: number;
  readonly sweepEveryMs?: number;
}

export function retentionFromEnv(): number {
  const hours = Number(process.env['STACKDECK_EXPORT_RETENTION_HOURS']);
  return Number.isFinite(hours) && hours > 0 ? hours * 3_600_000 : DEFAULT_RETENTION_MS;
}

export function createExportsArea(env: AreaEnv, options: ExportsAreaOptions = {}): CoreArea {
  const dir = exportsDir(env.userDataDir);
  const retentionMs = options.retentionMs ?? retentionFromEnv();
  const sweep = (): Promise<unknown> => sweepExports(dir, retentionMs);
  void sweep();
  const timer = setInterval(() => void sweep(), options.sweepEveryMs ?? 3_600_000);
  timer.unref();
  return {
    name: 'exports',
    handlers: {
      'exports.info': async () => {
        await sweep();
        return { dir, retentionHours: retentionMs / 3_600_000, ...(await exportsUsage(dir)) };
      },
    },
    dispose() {
      clearInterval(timer);
    },
  };
}
