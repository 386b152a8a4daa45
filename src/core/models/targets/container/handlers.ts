/** The export methods of the models area (container and SageMaker bundles, engine detection). */
import type { MethodHandlers } from '../../../handler';
import { detectEngines, engineMessage } from './engine';
import { exportBundle } from './export';

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
