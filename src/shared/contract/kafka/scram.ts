import { z } from 'zod';
import { method } from '../define';

/**
 * `kafka.scram.*`: SCRAM users (DescribeUserScramCredentials /
 * AlterUserScramCredentials, KIP-554). A password goes in through `upsert`
 * only: core salts and hashes it, and no output ever carries it (Kafka
 * itself returns only mechanism and iterations).
 */

const connectionId = z.string().min(1);
export const ScramMechanism = z.enum(['SCRAM-SHA-256', 'SCRAM-SHA-512']);
export type ScramMechanism = z.infer<typeof ScramMechanism>;
/** Kafka refuses fewer than 4096 or more than 16384 iterations (ScramMechanism min/max). */
export const SCRAM_ITERATIONS = { min: 4096, max: 16384, default: 8192 } as const;
const userName = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'A user name cannot contain control characters.');

export const ScramUser = z.object({
  name: z.string(),
  credentials: z.array(z.object({ mechanism: ScramMechanism, iterations: z.number().int() })),
});
export type ScramUser = z.infer<typeof ScramUser>;

export const kafkaScram = {
  'kafka.scram.users.list': method({
    summary: 'SCRAM users with their mechanisms and iterations (never a secret)',
    input: z.object({ connectionId }),
    output: z.object({ users: z.array(ScramUser) }),
  }),
  'kafka.scram.users.upsert': method({
    summary: 'Creates a SCRAM user or changes its password for one mechanism; the password is never returned',
    input: z.object({
      connectionId,
      name: userName,
      mechanism: ScramMechanism,
      iterations: z
        .number()
        .int()
        .min(SCRAM_ITERATIONS.min)
        .max(SCRAM_ITERATIONS.max)
        .default(SCRAM_ITERATIONS.default),
      password: z.string().min(1).max(1024),
    }),
    output: z.object({ name: z.string(), mechanism: ScramMechanism, iterations: z.number().int() }),
    writes: true,
  }),
  'kafka.scram.users.delete': method({
    summary: "Deletes one mechanism's credential of a SCRAM user",
    input: z.object({ connectionId, name: userName, mechanism: ScramMechanism }),
    output: z.object({ name: z.string(), mechanism: ScramMechanism, deleted: z.boolean() }),
    writes: true,
  }),
} as const;
