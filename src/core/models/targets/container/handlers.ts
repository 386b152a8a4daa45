/** The export methods of the models area (container, SageMaker and Lambda bundles, engine detection). */
import type { MethodHandlers } from '../../../handler';
import { StackdeckError } from '../../../../shared/errors';
import { detectEngines, engineMessage } from './engine';
import { exportBundle } from './export';
import { exportLambda } from '../lambda/bundle';

export type ExportMethods = 'models.export.bundle' | 'models.export.engines';

export function exportHandlers(env: NodeJS.ProcessEnv = process.env): MethodHandlers<ExportMethods> {
  return {
    async 'models.export.bundle'({ dir, target, format, out, python, lambda }, ctx) {
      if (target === 'lambda') {
        if (format !== 'zip')
          throw new StackdeckError('INVALID_INPUT', 'A Lambda bundle is a zip: choose "zip".', { field: 'format' });
        return exportLambda({
          serviceDir: dir,
          out,
          python: python ?? 'python3',
          settings: lambda,
          signal: ctx.signal,
        });
      }
      return { ...(await exportBundle({ serviceDir: dir, target, format, out })), sizeCheck: null };
    },
    async 'models.export.engines'() {
      const engines = await detectEngines(env);
      return { engines, message: engineMessage(engines) };
    },
  };
}
