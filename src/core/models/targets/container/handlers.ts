/** The export methods of the models area (container and SageMaker bundles, engine detection). */
import type { MethodHandlers, StreamHandlers } from '../../../handler';
import { detectEngines, engineMessage } from './engine';
import { exportBundle } from './export';
import { buildAndRun } from './run';

export type ExportMethods = 'models.export.bundle' | 'models.export.engines';

export function exportHandlers(env: NodeJS.ProcessEnv = process.env): MethodHandlers<ExportMethods> {
  return {
    async 'models.export.bundle'({ dir, target, format, out }) {
      return exportBundle({ serviceDir: dir, target, format, out });
    },
    async 'models.export.engines'() {
      const engines = await detectEngines(env);
      return { engines, message: engineMessage(engines) };
    },
  };
}

export type ExportStreams = 'models.export.run';

/** Build & run: refused unless the folder is a generated service of a trusted model (running it loads the model). */
export function exportStreams(
  checkService: (dir: string, signal: AbortSignal) => Promise<unknown>,
  env: NodeJS.ProcessEnv = process.env,
): StreamHandlers<ExportStreams> {
  return {
    async 'models.export.run'({ dir, base }, ctx) {
      await checkService(dir, ctx.signal);
      await buildAndRun(
        { serviceDir: dir, base, readyTimeoutMs: 120_000, env },
        (e) => ctx.emit(e),
        ctx.signal,
        (cleanup) => ctx.scope.add(cleanup),
      );
    },
  };
}
