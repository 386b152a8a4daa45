import { z } from 'zod';
import { method, stream } from '../define';
import { SmokeResult } from './types';

/**
 * Exporting a generated service for targets Stackdeck cannot deploy to from
 * here: a container build context, a SageMaker container, an AWS Lambda zip
 * (the ONNX variant with vendored dependencies and a SAM template). The
 * commands are shown, never run against a cloud.
 */
export const BundleTarget = z.enum(['container', 'sagemaker', 'lambda']);
export type BundleTarget = z.infer<typeof BundleTarget>;

export const EngineProbe = z.object({
  engine: z.enum(['docker', 'podman']),
  endpoint: z.string(),
  answered: z.boolean(),
  reason: z.string(),
});
export type EngineProbe = z.infer<typeof EngineProbe>;

/** The Lambda function: the Python the dependencies are vendored for ("local": the interpreter's own), memory, timeout. */
export const LambdaSettings = z.object({
  pythonVersion: z.enum(['3.11', '3.12', '3.13', 'local']).default('3.12'),
  memoryMb: z.number().int().min(128).max(10240).default(1024),
  timeoutS: z.number().int().min(1).max(900).default(30),
});
export type LambdaSettings = z.output<typeof LambdaSettings>;

/** A Lambda bundle's sizes against Lambda's limits (250 MB unzipped, 50 MB zipped for a direct upload). */
export const LambdaSizeCheck = z.object({
  unzippedBytes: z.number().int(),
  zippedBytes: z.number().int(),
  limitUnzippedBytes: z.number().int(),
  limitZippedDirectBytes: z.number().int(),
  fitsUnzipped: z.boolean(),
  fitsDirectUpload: z.boolean(),
  /** The scikit-learn dependency set as measured in the runtime at conversion; null when unknown. */
  sklearnStackBytes: z.number().int().nullable(),
  /** A scikit-learn service converted to ONNX for this bundle (its own folder is left as it was). */
  convertedAtExport: z.boolean(),
  pythonVersion: z.string(),
  platform: z.string(),
  files: z.number().int(),
  message: z.string(),
});
export type LambdaSizeCheck = z.infer<typeof LambdaSizeCheck>;

/** What Build & run reports, in order: stages, build output, the running container (with its smoke test), its log. */
export const ContainerRunEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stage'),
    stage: z.enum(['engine', 'context', 'build', 'create', 'start', 'health']),
    detail: z.string(),
  }),
  z.object({ type: z.literal('build'), lines: z.array(z.string()) }),
  z.object({
    type: z.literal('running'),
    engine: z.enum(['docker', 'podman']),
    endpoint: z.string(),
    image: z.string(),
    container: z.string(),
    /** Where the service answers: 127.0.0.1 only. */
    url: z.string(),
    smoke: SmokeResult,
  }),
  z.object({ type: z.literal('log'), lines: z.array(z.string()) }),
]);
export type ContainerRunEvent = z.infer<typeof ContainerRunEvent>;

export const modelsExport = {
  'models.export.bundle': method({
    input: z.object({
      dir: z.string().min(1).max(4096),
      target: BundleTarget,
      format: z.enum(['folder', 'zip']),
      out: z.string().min(1).max(4096),
      /** Lambda: the interpreter whose pip vendors the dependencies (default python3). */
      python: z.string().min(1).max(4096).optional(),
      lambda: LambdaSettings.default({ pythonVersion: '3.12', memoryMb: 1024, timeoutS: 30 }),
    }),
    output: z.object({
      path: z.string(),
      entries: z.array(z.string()),
      commands: z.array(z.string()),
      /** Lambda bundles only. */
      sizeCheck: LambdaSizeCheck.nullable(),
    }),
    timeoutMs: 900_000,
    summary:
      'Writes a generated service as a build context (service, model, requirements.txt, Dockerfile with ARG BASE, .dockerignore) to a new or empty folder or a new .zip; returns its entries and the build / run / deploy commands to show. A Lambda bundle (zip only, ONNX variant) vendors its dependencies with pip and reports its size against Lambda’s limits.',
  }),
  'models.export.run': stream({
    input: z.object({
      dir: z.string().min(1).max(4096),
      /** ARG BASE: the image to build on; '' = the Dockerfile's default (python:3.11-slim, pulled by the engine). */
      base: z
        .string()
        .max(255)
        .regex(/^[a-z0-9][a-z0-9._/:@-]*$|^$/, 'An image name like python:3.11-slim or localhost/my-base.')
        .default(''),
    }),
    event: ContainerRunEvent,
    summary:
      'Builds the container build context with the Docker or Podman engine that answers here, runs it with its port on 127.0.0.1, waits for /health, smoke tests POST /predict, then streams its log; ending the stream stops and removes the container (the image stays). No engine: UNREACHABLE with what was tried.',
  }),
  'models.export.engines': method({
    input: z.object({}),
    output: z.object({ engines: z.array(EngineProbe), message: z.string() }),
    timeoutMs: 10_000,
    summary: 'Whether a Docker or Podman engine answers on this machine (GET /_ping), with a sentence to show.',
  }),
} as const;
