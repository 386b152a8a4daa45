import { z } from 'zod';

/**
 * The prediction log of a deployment: where core forwards the service's
 * predictions, through one of the console's own saved connections (the
 * service itself never sees those credentials, only a local file path).
 */
export const PredictionLogSink = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('kafka'),
    connectionId: z.string().min(1).max(200),
    topic: z
      .string()
      .min(1)
      .max(249)
      .regex(/^[a-zA-Z0-9._-]+$/, 'a topic name is letters, digits, ".", "_" and "-"'),
  }),
  z.object({
    kind: z.literal('mongo'),
    connectionId: z.string().min(1).max(200),
    database: z
      .string()
      .min(1)
      .max(63)
      .regex(/^[^/\\. "$*<>:|?]+$/, 'not a valid database name'),
    collection: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^$\0]+$/, 'not a valid collection name')
      .refine((c) => !c.startsWith('system.'), 'system collections are not allowed'),
  }),
]);
export type PredictionLogSink = z.infer<typeof PredictionLogSink>;

export const PredictionLogStatus = z.object({
  sink: PredictionLogSink,
  /** The saved connection's name at the time of the last status (for the link's label). */
  connectionName: z.string(),
  /** Records confirmed by the sink (acks=all for Kafka, insertMany for MongoDB). */
  forwarded: z.number().int(),
  /** Records waiting in core's bounded queue (the sink is slow or down). */
  queued: z.number().int(),
  /** Records thrown away: the oldest when the queue was full (the service's own `model_prediction_log_dropped_total` counts lines it could not write). */
  dropped: z.number().int(),
  /** Lines in the file that were not one JSON record (never expected; counted, not forwarded). */
  malformed: z.number().int(),
  lastError: z.string().nullable(),
  lastForwardAt: z.number().nullable(),
});
export type PredictionLogStatus = z.infer<typeof PredictionLogStatus>;
