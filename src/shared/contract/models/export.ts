import { z } from 'zod';
import { method } from '../define';

/**
 * Exporting a generated service for targets Stackdeck cannot deploy to from
 * here: a container build context, a SageMaker container. The commands are
 * shown, never run against a cloud.
 */
export const BundleTarget = z.enum(['container', 'sagemaker']);
export type BundleTarget = z.infer<typeof BundleTarget>;

export const EngineProbe = z.object({
  engine: z.enum(['docker', 'podman']),
  endpoint: z.string(),
  answered: z.boolean(),
  reason: z.string(),
});
export type EngineProbe = z.infer<typeof EngineProbe>;

export const modelsExport = {
  'models.export.bundle': method({
    input: z.object({
      dir: z.string().min(1).max(4096),
      target: BundleTarget,
      format: z.enum(['folder', 'zip']),
      out: z.string().min(1).max(4096),
    }),
    output: z.object({ path: z.string(), entries: z.array(z.string()), commands: z.array(z.string()) }),
    timeoutMs: 120_000,
    summary:
      'Writes a generated service as a build context (service, model, requirements.txt, Dockerfile with ARG BASE, .dockerignore) to a new or empty folder or a new .zip; returns its entries and the build / run / deploy commands to show.',
  }),
  'models.export.engines': method({
    input: z.object({}),
    output: z.object({ engines: z.array(EngineProbe), message: z.string() }),
    timeoutMs: 10_000,
    summary: 'Whether a Docker or Podman engine answers on this machine (GET /_ping), with a sentence to show.',
  }),
} as const;
