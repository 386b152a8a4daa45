import { z } from 'zod';
import { method } from '../define';

/**
 * `kafka.acls.*`: ACL bindings (DescribeAcls, CreateAcls, DeleteAcls). Names
 * are Kafka's own (AclOperation, ResourceType, PatternType). A delete takes
 * the exact bindings a preview listed, so nothing created after the preview
 * is deleted with it. Writes are `writes: true`: read-only connections refuse
 * them in core.
 */

const connectionId = z.string().min(1);

export const AclResourceType = z.enum(['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN']);
export type AclResourceType = z.infer<typeof AclResourceType>;
export const AclPatternType = z.enum(['LITERAL', 'PREFIXED']);
export type AclPatternType = z.infer<typeof AclPatternType>;
export const AclOperation = z.enum([
  'ALL',
  'READ',
  'WRITE',
  'CREATE',
  'DELETE',
  'ALTER',
  'DESCRIBE',
  'CLUSTER_ACTION',
  'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS',
  'IDEMPOTENT_WRITE',
]);
export type AclOperation = z.infer<typeof AclOperation>;
export const AclPermission = z.enum(['ALLOW', 'DENY']);
export type AclPermission = z.infer<typeof AclPermission>;

/** The operations Kafka checks on each resource type (Kafka docs, "Operations and Resources on Protocols"). */
export const ACL_OPERATIONS_BY_RESOURCE: Readonly<Record<AclResourceType, readonly AclOperation[]>> = {
  TOPIC: ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['ALL', 'READ', 'DELETE', 'DESCRIBE'],
  CLUSTER: [
    'ALL',
    'CREATE',
    'ALTER',
    'DESCRIBE',
    'CLUSTER_ACTION',
    'DESCRIBE_CONFIGS',
    'ALTER_CONFIGS',
    'IDEMPOTENT_WRITE',
  ],
  TRANSACTIONAL_ID: ['ALL', 'WRITE', 'DESCRIBE'],
  DELEGATION_TOKEN: ['ALL', 'DESCRIBE'],
};

/** The only name Kafka gives the cluster resource. */
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';

/** "Type:name", as Kafka's principal builder writes it (User:alice); "User:*" is every user. */
const PRINCIPAL_RE = /^[A-Za-z][A-Za-z0-9_-]*:\S.*$/;
const principal = z
  .string()
  .max(1024)
  .refine(
    (s) => PRINCIPAL_RE.test(s),
    'A principal is "Type:name", for example "User:alice" (or "User:*" for every user).',
  );
/** "*" or one IP address (Kafka matches the client address literally; no names, no ranges). */
const host = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => s === '*' || /^[0-9a-fA-F.:]+$/.test(s), 'A host is "*" or one IP address (no names, no ranges).');

export const AclBinding = z
  .object({
    resourceType: AclResourceType,
    resourceName: z.string().min(1).max(1024),
    patternType: AclPatternType,
    principal,
    host,
    operation: AclOperation,
    permission: AclPermission,
  })
  .superRefine((b, ctx) => {
    if (!ACL_OPERATIONS_BY_RESOURCE[b.resourceType].includes(b.operation)) {
      ctx.addIssue({
        code: 'custom',
        path: ['operation'],
        message: `Operation ${b.operation} does not apply to a ${b.resourceType} resource; it takes ${ACL_OPERATIONS_BY_RESOURCE[b.resourceType].join(', ')}.`,
      });
    }
    if (b.resourceType === 'CLUSTER' && (b.resourceName !== CLUSTER_RESOURCE_NAME || b.patternType !== 'LITERAL')) {
      ctx.addIssue({
        code: 'custom',
        path: ['resourceName'],
        message: `The cluster resource is named "${CLUSTER_RESOURCE_NAME}" with a LITERAL pattern.`,
      });
    }
  });
export type AclBinding = z.infer<typeof AclBinding>;

/** A filter: every field optional (any); patternType MATCH also finds wildcard and prefixed bindings that match the name. */
export const AclFilter = z.object({
  resourceType: AclResourceType.optional(),
  resourceName: z.string().min(1).max(1024).optional(),
  patternType: z.enum(['LITERAL', 'PREFIXED', 'MATCH']).optional(),
  principal: principal.optional(),
  host: host.optional(),
  operation: AclOperation.optional(),
  permission: AclPermission.optional(),
});
export type AclFilter = z.infer<typeof AclFilter>;

/** At most this many bindings are returned by a list (the rest are counted, not kept). */
export const ACL_LIST_LIMIT = 5_000;

export const kafkaAcls = {
  'kafka.acls.list': method({
    summary: 'ACL bindings matching a filter (DescribeAcls); also the preview of a delete',
    input: z.object({ connectionId, filter: AclFilter.default({}) }),
    output: z.object({ bindings: z.array(AclBinding), total: z.number().int(), truncated: z.boolean() }),
  }),
  'kafka.acls.create': method({
    summary: 'Creates ACL bindings (CreateAcls); all are checked before any is sent',
    input: z.object({ connectionId, bindings: z.array(AclBinding).min(1).max(100) }),
    output: z.object({ created: z.array(AclBinding) }),
    writes: true,
  }),
  'kafka.acls.delete': method({
    summary: 'Deletes exactly the given bindings (as a preview listed them), one exact filter each (DeleteAcls)',
    input: z.object({ connectionId, bindings: z.array(AclBinding).min(1).max(ACL_LIST_LIMIT) }),
    output: z.object({ deleted: z.array(AclBinding) }),
    writes: true,
    timeoutMs: 30_000,
  }),
} as const;
