/** The export methods of the models area (container, SageMaker and Lambda bundles, engine detection, Build & run). */
import { basename } from 'node:path';
import type { MethodHandlers, StreamHandlers } from '../../../handler';
import { StackdeckError } from '../../../../shared/errors';
import { detectEngines, engineMessage } from './engine';
import { exportBundle } from './export';
import { buildAndRun } from './run';
import { exportLambda } from '../lambda/bundle';
import { onnxServiceFor, type ConvertService } from '../lambda/stage';

export type ExportMethods = 'models.export.bundle' | 'models.export.engines';

export function exportHandlers(
  convert: ConvertService,
  env: NodeJS.ProcessEnv = process.env,
): MethodHandlers<ExportMethods> {
  return {
    async 'models.export.bundle'({ dir, target, format, out, python, lambda }, ctx) {
      if (target === 'lambda') {
        if (format !== 'zip')
          throw new StackdeckError('INVALID_INPUT', 'A Lambda bundle is a zip: choose "zip".', { field: 'format' });
        // Zip bundles always serve ONNX: a scikit-learn service is converted for the bundle first.
        const py = python ?? 'python3';
        const staged = await onnxServiceFor(dir, py, convert, ctx.signal);
        try {
          return await exportLambda({
            serviceDir: staged.dir,
            name: basename(dir),
            out,
            python: py,
            settings: lambda,
            converted: staged.converted,
            signal: ctx.signal,
          });
        } finally {
          await staged.dispose();
        }
      }
      return { ...(await exportBundle({ serviceDir: dir, target, format, out })), sizeCheck: null };
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
