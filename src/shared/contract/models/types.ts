import { z } from 'zod';

/** Shapes of the models area: artifact, scan, trust, inspection, schema, generated service, deployment. */

export const ModelFormat = z.enum(['pickle', 'joblib', 'skops', 'onnx']);
export type ModelFormat = z.infer<typeof ModelFormat>;

export const Artifact = z.object({
  path: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  format: ModelFormat,
});
export type Artifact = z.infer<typeof Artifact>;

/** allowed: on the scikit-learn / numpy / scipy / pandas allow-list; flagged: known to run code; unknown: neither. */
export const ImportVerdict = z.enum(['allowed', 'flagged', 'unknown']);
export const ScannedImport = z.object({
  module: z.string(),
  name: z.string(),
  verdict: ImportVerdict,
  reason: z.string().nullable(),
});
export type ScannedImport = z.infer<typeof ScannedImport>;

export const ScanReport = z.object({
  /** False when the file could not be walked (corrupt, truncated); `error` says why. */
  readable: z.boolean(),
  error: z.string().nullable(),
  /**
   * Loading it can run code, so it needs the user's trust first: pickle and joblib always, skops when it names a
   * type outside the allow-list, ONNX never.
   */
  runsCode: z.boolean(),
  compression: z.string().nullable(),
  imports: z.array(ScannedImport),
  flagged: z.number().int(),
  unknown: z.number().int(),
  /** The scikit-learn version the model was saved with (the string after `_sklearn_version`). */
  savedSklearn: z.string().nullable(),
});
export type ScanReport = z.infer<typeof ScanReport>;

export const TrustState = z.object({
  sha256: z.string(),
  trusted: z.boolean(),
  decidedAt: z.number().nullable(),
});
export type TrustState = z.infer<typeof TrustState>;

export const ArtifactOpened = z.object({ artifact: Artifact, scan: ScanReport, trust: TrustState });
export type ArtifactOpened = z.infer<typeof ArtifactOpened>;

export const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const InspectReport = z.object({
  estimator: z.string(),
  steps: z.array(z.object({ name: z.string(), class: z.string() })).nullable(),
  savedSklearn: z.string().nullable(),
  installedSklearn: z.string().nullable(),
  /** Set when saved and installed scikit-learn differ: predictions may change. */
  versionWarning: z.string().nullable(),
  nFeaturesIn: z.number().int().nullable(),
  featureNamesIn: z.array(z.string()).nullable(),
  classes: z.array(Scalar).nullable(),
  hasPredictProba: z.boolean(),
  hasDecisionFunction: z.boolean(),
  warnings: z.array(z.string()),
  zeroRow: z
    .object({
      prediction: Scalar.optional(),
      probabilities: z.array(z.number()).optional(),
      error: z.string().optional(),
    })
    .nullable(),
});
export type InspectReport = z.infer<typeof InspectReport>;

export const FeatureType = z.enum(['number', 'integer', 'string', 'boolean']);
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a feature name is a Python identifier (letters, digits, _)');

export const ServiceSchema = z.object({
  /** Python module-safe service name: used for the folder, logs and metric labels. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -'),
  features: z
    .array(z.object({ name: identifier, type: FeatureType, example: Scalar }))
    .min(1)
    .max(500),
  /** Class value (as a string) -> label shown in the response, e.g. {"1": "Yes", "0": "No"}. */
  labels: z.record(z.string(), z.string()).default({}),
  /** The response field holding the label, e.g. "Churn Prediction". */
  outputField: z.string().min(1).max(80).default('prediction'),
  probabilities: z.boolean().default(true),
  apiKey: z.boolean().default(false),
});
export type ServiceSchema = z.input<typeof ServiceSchema>;
export type ParsedServiceSchema = z.output<typeof ServiceSchema>;

export const GeneratedFile = z.object({
  path: z.string(),
  content: z.string(),
  /** Unified diff against the previous generation of this file; null when new or unchanged. */
  diff: z.string().nullable(),
  changed: z.boolean(),
});
export type GeneratedFile = z.infer<typeof GeneratedFile>;

export const DeploymentStatus = z.enum(['starting', 'running', 'restarting', 'failed', 'stopped']);
/** A running (or ended) service process, as the supervisor sees it. */
export const DeploymentBase = z.object({
  id: z.string(),
  name: z.string(),
  sha256: z.string(),
  dir: z.string(),
  port: z.number().int(),
  /** The service process (the gunicorn master with several workers); null when not running. */
  pid: z.number().int().nullable(),
  url: z.string(),
  status: DeploymentStatus,
  healthy: z.boolean(),
  restarts: z.number().int(),
  startedAt: z.number(),
  lastError: z.string().nullable(),
  /** Whether the service requires an API key (kept in core's vault; revealed on request only). */
  apiKey: z.boolean(),
  /** Left running when Stackdeck quits; the next start re-adopts it. */
  keep: z.boolean(),
  /** Started by an earlier Stackdeck run and taken over by this one. */
  adopted: z.boolean(),
});
export type DeploymentBase = z.infer<typeof DeploymentBase>;

/**
 * A deployment is one version of a service (by name). The active version
 * answers at the service's stable URL; the standby is the version it replaced,
 * still running, which a rollback makes active again; retired versions ended.
 */
export const Deployment = DeploymentBase.extend({
  version: z.number().int().min(1),
  role: z.enum(['active', 'standby', 'retired']),
  /** The service's stable address (proxied to the active version); null once no version of it runs. */
  stableUrl: z.string().nullable(),
});
export type Deployment = z.infer<typeof Deployment>;

export const SmokeResult = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  latencyMs: z.number(),
  response: z.unknown(),
  error: z.string().nullable(),
});
export type SmokeResult = z.infer<typeof SmokeResult>;

export const MetricsPoint = z.object({
  at: z.number(),
  requests: z.number(),
  errors: z.number(),
  requestsPerSec: z.number().nullable(),
  errorRate: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  byClass: z.record(z.string(), z.number()),
  /** Cumulative POST /feedback counts since the service started. */
  feedbackCorrect: z.number(),
  feedbackIncorrect: z.number(),
  /** Share of correct predictions among the feedback of the last 10 minutes; null without feedback. */
  accuracy: z.number().nullable(),
  /** How many feedbacks that accuracy is over. */
  accuracyOf: z.number(),
  /** A marker at the start of a period with no scrape (a stored range's gap): its values mean nothing. */
  gap: z.boolean().optional(),
});
export type MetricsPoint = z.infer<typeof MetricsPoint>;

/** The stored ranges of a deployment's charts, as in the lag charts. */
export const MetricsRange = z.enum(['15m', '1h', '6h', '24h', '7d']);
export type MetricsRange = z.infer<typeof MetricsRange>;

/** A load test's figures, running (done: false) or final. Latencies in ms, from a 1%-resolution histogram. */
export const LoadTestStats = z.object({
  done: z.boolean(),
  cancelled: z.boolean(),
  /** Requests started. */
  sent: z.number(),
  /** Requests answered or failed (sent minus those in flight or cut off by Cancel). */
  completed: z.number(),
  ok: z.number(),
  errors: z.number(),
  /** HTTP status -> count. */
  byStatus: z.record(z.string(), z.number()),
  networkErrors: z.number(),
  /** The first error's status and text (bounded), to show why requests failed. */
  firstError: z.string().nullable(),
  elapsedMs: z.number(),
  requestsPerSec: z.number(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  maxMs: z.number().nullable(),
});
export type LoadTestStats = z.infer<typeof LoadTestStats>;

export const DriftStatus = z.enum(['stable', 'moderate', 'significant', 'not enough data', 'not numeric']);
/** PSI per feature between a reference CSV and a recent window of a deployment's inputs. */
export const DriftView = z.object({
  reference: z.object({ path: z.string(), rows: z.number(), setAt: z.number(), windowMs: z.number() }),
  /** Upper bounds of the bins (null = +Inf), shared by every feature. */
  bounds: z.array(z.number().nullable()),
  features: z.array(
    z.object({
      name: z.string(),
      psi: z.number().nullable(),
      status: DriftStatus,
      /** Inputs of this feature in the live window. */
      windowCount: z.number(),
      /** Fractions per bin. */
      reference: z.array(z.number()),
      live: z.array(z.number()),
    }),
  ),
  /** PSI per feature at each scrape (null: not enough data then). */
  points: z.array(z.object({ at: z.number(), psi: z.record(z.string(), z.number().nullable()) })),
});
export type DriftView = z.infer<typeof DriftView>;
