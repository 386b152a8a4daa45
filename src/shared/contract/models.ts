import { z } from 'zod';
import { method, stream } from './define';
import {
  ArtifactOpened,
  Deployment,
  DriftView,
  GeneratedFile,
  InspectReport,
  LoadTestStats,
  MetricsPoint,
  MetricsRange,
  ServiceSchema,
  SmokeResult,
  TrustState,
} from './models/types';
import { PredictionLogSink, PredictionLogStatus } from './models/predictionLog';
import { modelsExport } from './models/export';
import { modelsHost } from './models/host';
import { OnnxConversion, ServiceVariant } from './models/onnx';

export * from './models/types';
export * from './models/predictionLog';
export * from './models/export';
export * from './models/host';
export * from './models/onnx';

/**
 * The models area of the contract: a model file becomes a served, monitored
 * prediction API. Nothing here targets a connection; files and processes are
 * local to the machine core runs on. Method names are `area.noun.verb`.
 */
const path = z.string().min(1).max(4096);
const interpreter = z.string().min(1).max(4096).optional();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const models = {
  'models.artifact.open': method({
    input: z.object({ path }),
    output: ArtifactOpened,
    timeoutMs: 60_000,
    summary:
      'Hashes a model file (SHA-256, size, format) and lists what a pickle would import, from its opcodes only (run in a separate Python); returns the remembered trust decision for that hash.',
  }),
  'models.trust.set': method({
    input: z.object({ path, sha256, trusted: z.boolean() }),
    output: TrustState,
    summary:
      'Records the trust decision for a model file; refused when the file no longer has that SHA-256 (it changed since it was scanned).',
  }),
  'models.inspect': method({
    input: z.object({ path, interpreter }),
    output: InspectReport,
    timeoutMs: 120_000,
    summary:
      'Loads a trusted model in a separate, limited Python process and reports estimator, versions, features, classes and a zero-row prediction.',
  }),
  'models.runtime.ensure': method({
    input: z.object({ sklearnVersion: z.string().regex(/^[0-9][0-9a-z.]*$/), interpreter }),
    output: z.object({ python: z.string(), venv: z.string(), requirements: z.string(), created: z.boolean() }),
    timeoutMs: 900_000,
    summary:
      'Creates (once) the runtime virtual environment under the user data directory from a pinned requirements.txt with the model’s scikit-learn version.',
  }),
  'models.service.generate': method({
    input: z.object({ path, schema: ServiceSchema, variant: ServiceVariant.default('sklearn'), interpreter }),
    output: z.object({ dir: z.string(), files: z.array(GeneratedFile), conversion: OnnxConversion.nullable() }),
    timeoutMs: 150_000,
    summary:
      'Writes the FastAPI service (app.py, requirements.txt, Dockerfile, README, model copy) for a trusted model; returns the files with a diff against the previous generation. The ONNX variant converts the model with skl2onnx in a separate Python (the interpreter), serves model.onnx with onnxruntime and returns the parity check against the original and the sizes of both dependency sets.',
  }),
  'models.deploy.start': method({
    input: z.object({
      dir: z.string().min(1).max(4096),
      python: z.string().min(1).max(4096),
      workers: z.number().int().min(1).max(8).default(1),
      /** For a service generated with an API key: this key replaces the stored one; without it the stored (or a new) key is used. */
      apiKey: z
        .string()
        .regex(/^[\x21-\x7e]{8,200}$/, 'an API key is 8 to 200 printable characters without spaces')
        .optional(),
      /** Keep the service running after Stackdeck quits (re-adopted on the next start); default: stopped on quit. */
      keep: z.boolean().default(false),
      /** Forward every prediction to this topic / collection through a saved connection. */
      predictionLog: PredictionLogSink.optional(),
    }),
    output: z.object({ deployment: Deployment, smoke: SmokeResult }),
    timeoutMs: 120_000,
    summary:
      'Starts a new version of a generated service (from its own copy of the folder) on 127.0.0.1 under core’s supervision and smoke tests it with the example payload; a passed smoke test switches the service’s stable URL to it, the version it replaced stays running as the standby; a failed one stops it and changes nothing.',
  }),
  'models.deploy.stop': method({
    input: z.object({ id: z.string() }),
    output: Deployment,
    timeoutMs: 30_000,
    summary: 'Stops a deployment.',
  }),
  'models.apiKey.reveal': method({
    input: z.object({ name: z.string().min(1).max(200) }),
    output: z.object({ key: z.string(), urls: z.array(z.string()) }),
    summary:
      'The API key a service generated with "Require an API key" runs with, and the URLs it is bound to: for the deployment screen’s Reveal and Copy only (lists never carry it).',
  }),
  'models.deploy.rollback': method({
    input: z.object({ name: z.string().min(1).max(200) }),
    output: z.object({ active: Deployment, standby: Deployment }),
    summary:
      'Makes the previous version of a service active again: its stable URL switches to the standby, with no gap; the version it replaced becomes the standby.',
  }),
  'models.deploy.list': method({
    input: z.object({}),
    output: z.object({ deployments: z.array(Deployment) }),
    summary: 'The deployments core supervises, with their health.',
  }),
  'models.deploy.logs': stream({
    input: z.object({ id: z.string() }),
    event: z.object({ lines: z.array(z.string()) }),
    summary: 'The service’s log: the lines so far (bounded), then new lines as they come.',
  }),
  'models.loadtest.run': stream({
    input: z.object({
      id: z.string(),
      requests: z.number().int().min(1).max(1_000_000),
      concurrency: z.number().int().min(1).max(256),
      /** Rows to send in turn instead of the example payload (header = feature names; first 10,000 rows). */
      csvPath: path.optional(),
    }),
    event: LoadTestStats,
    summary:
      'Drives a running deployment’s POST /predict with N requests at concurrency C (the example payload or CSV rows): running figures about twice a second, then the final ones (done: true); ending the stream cancels it.',
  }),
  'models.drift.reference': method({
    input: z.object({
      id: z.string(),
      csvPath: path,
      windowMs: z.number().int().min(5_000).max(86_400_000).default(300_000),
    }),
    output: DriftView,
    timeoutMs: 30_000,
    summary:
      'Sets a deployment’s drift reference from a CSV of training rows (header = feature names); from then on each scrape computes PSI per feature between it and the inputs of the last windowMs.',
  }),
  'models.drift.get': method({
    input: z.object({ id: z.string() }),
    output: z.object({ drift: DriftView.nullable() }),
    summary: 'The deployment’s drift: PSI per feature now and over time, or null without a reference.',
  }),
  'models.predictionLog.status': method({
    input: z.object({ id: z.string() }),
    output: z.object({ status: PredictionLogStatus.nullable() }),
    summary:
      'The deployment’s prediction log: sink, records forwarded, queued and dropped, the last error; null when the log is off.',
  }),
  'models.metrics.series': method({
    input: z.object({
      id: z.string(),
      sinceMs: z.number().int().min(1000).max(86_400_000).default(900_000),
      /** A stored range instead: bucketed points with gap markers, also of a deployment core no longer runs. */
      range: MetricsRange.optional(),
    }),
    output: z.object({
      points: z.array(MetricsPoint),
      /** With `range`: the periods without a scrape, and the bucket width. */
      gaps: z.array(z.object({ from: z.number(), to: z.number() })).optional(),
      bucketMs: z.number().optional(),
    }),
    summary:
      'The deployment’s /metrics as scraped by core: rates and latency percentiles per scrape (the last minutes, from memory), or over a stored range (15m to 7d, bucketed, with gaps).',
  }),
  ...modelsExport,
  ...modelsHost,
} as const;
