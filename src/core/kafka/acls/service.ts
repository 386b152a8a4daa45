/**
 * ACL bindings through kafkajs's admin (DescribeAcls, CreateAcls, DeleteAcls
 * work there on Kafka 3.x and 4.x). Kafka's numeric enums are translated
 * here, both ways, so only names cross the boundary. A delete sends one
 * exact filter per binding the caller previewed: a filter such as "every
 * ACL of User:bob" would also take bindings created after the preview.
 */
import kafkajs, { type Admin, type AclEntry, type AclFilter as KafkaAclFilter } from 'kafkajs';
import {
  ACL_LIST_LIMIT,
  AclOperation,
  AclPermission,
  AclResourceType,
  type AclBinding,
  type AclFilter,
} from '../../../shared/contract/kafka/acls';
import { StackdeckError } from '../../../shared/errors';
import { adminError } from '../topics/admin';

const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

/** kafkajs's runtime enums map names to numbers only (no reverse entries), so the name is looked up by value. */
const nameOf = <T extends string>(values: readonly T[], table: { readonly [K in T]: number }, n: number): T => {
  const found = values.find((v) => table[v] === n);
  if (!found)
    throw new StackdeckError('SERVER_ERROR', `The broker returned an ACL field value ${n} this version does not know.`);
  return found;
};

function toBinding(e: {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}): AclBinding {
  return {
    resourceType: nameOf(AclResourceType.options, AclResourceTypes, e.resourceType),
    resourceName: e.resourceName,
    patternType: nameOf(['LITERAL', 'PREFIXED'] as const, ResourcePatternTypes, e.resourcePatternType),
    principal: e.principal,
    host: e.host,
    operation: nameOf(AclOperation.options, AclOperationTypes, e.operation),
    permission: nameOf(AclPermission.options, AclPermissionTypes, e.permissionType),
  };
}

function toEntry(b: AclBinding): AclEntry {
  return {
    resourceType: AclResourceTypes[b.resourceType],
    resourceName: b.resourceName,
    resourcePatternType: ResourcePatternTypes[b.patternType],
    principal: b.principal,
    host: b.host,
    operation: AclOperationTypes[b.operation],
    permissionType: AclPermissionTypes[b.permission],
  };
}

function toFilter(f: AclFilter): KafkaAclFilter {
  return {
    resourceType: f.resourceType ? AclResourceTypes[f.resourceType] : AclResourceTypes.ANY,
    resourceName: f.resourceName,
    resourcePatternType: f.patternType ? ResourcePatternTypes[f.patternType] : ResourcePatternTypes.ANY,
    principal: f.principal,
    host: f.host,
    operation: f.operation ? AclOperationTypes[f.operation] : AclOperationTypes.ANY,
    permissionType: f.permission ? AclPermissionTypes[f.permission] : AclPermissionTypes.ANY,
  };
}

/** A stable order (resource, then principal, then operation), so a preview and a list read the same. */
const keyOf = (b: AclBinding): string =>
  [b.resourceType, b.resourceName, b.patternType, b.principal, b.host, b.operation, b.permission].join('\u0000');

export async function listAcls(
  admin: Admin,
  filter: AclFilter,
): Promise<{ bindings: AclBinding[]; total: number; truncated: boolean }> {
  let res;
  try {
    res = await admin.describeAcls(toFilter(filter));
  } catch (e) {
    throw aclError(e, 'Listing ACLs');
  }
  const bindings: AclBinding[] = [];
  let total = 0;
  for (const r of res.resources) {
    for (const acl of r.acls) {
      total++;
      if (bindings.length < ACL_LIST_LIMIT) bindings.push(toBinding({ ...r, ...acl }));
    }
  }
  bindings.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  return { bindings, total, truncated: total > bindings.length };
}

export async function createAcls(admin: Admin, bindings: readonly AclBinding[]): Promise<AclBinding[]> {
  try {
    await admin.createAcls({ acl: bindings.map(toEntry) });
  } catch (e) {
    throw aclError(e, 'Creating ACLs');
  }
  return [...bindings];
}

/** Deletes exactly `bindings`; returns the ones the broker reports deleted (one already gone is not an error). */
export async function deleteAcls(admin: Admin, bindings: readonly AclBinding[]): Promise<AclBinding[]> {
  const filters = bindings.map((b): KafkaAclFilter => toEntry(b));
  let res;
  try {
    res = await admin.deleteAcls({ filters });
  } catch (e) {
    throw aclError(e, 'Deleting ACLs');
  }
  const failed = res.filterResponses.find((r) => r.errorCode !== 0);
  if (failed) {
    throw new StackdeckError(
      'SERVER_ERROR',
      `Deleting ACLs failed: ${failed.errorMessage ?? `error ${failed.errorCode}`}.`,
    );
  }
  return res.filterResponses.flatMap((r) => r.matchingAcls.map(toBinding));
}

/** As adminError, plus the two answers specific to ACLs: no authorizer, or not allowed to touch ACLs. */
function aclError(e: unknown, what: string): StackdeckError {
  const err = adminError(e, what);
  const kind = err.detail?.kafkaError;
  if (kind === 'SECURITY_DISABLED') {
    return new StackdeckError(
      'INVALID_INPUT',
      `${what} failed: this cluster has no authorizer (authorizer.class.name), so it keeps no ACLs.`,
      { kafkaError: kind },
    );
  }
  if (kind === 'CLUSTER_AUTHORIZATION_FAILED') {
    return new StackdeckError(
      'AUTH_FAILED',
      `${what} failed: the connection's principal is not allowed to (it needs ${what.startsWith('Listing') ? 'DESCRIBE' : 'ALTER'} on the cluster resource, or to be a super user). CLUSTER_AUTHORIZATION_FAILED.`,
      { kafkaError: kind },
    );
  }
  return err;
}
