/**
 * Config resources shared by DescribeConfigs and IncrementalAlterConfigs
 * (org.apache.kafka.common.config.ConfigResource), and where to send them.
 */

export type ConfigResource =
  | { readonly type: 'topic'; readonly name: string }
  /** brokerId null = the cluster-wide default broker config (resource name ""). */
  | { readonly type: 'broker'; readonly brokerId: number | null };

/** ConfigResource.Type wire values. */
export const RESOURCE_TYPE = { topic: 2, broker: 4 } as const;

export function resourceName(r: ConfigResource): string {
  return r.type === 'topic' ? r.name : r.brokerId === null ? '' : String(r.brokerId);
}

export function resourceKey(type: number, name: string): string {
  return `${type}\u0000${name}`;
}

export function keyOf(r: ConfigResource): string {
  return resourceKey(RESOURCE_TYPE[r.type], resourceName(r));
}

export function describeResource(r: ConfigResource): string {
  if (r.type === 'topic') return `topic "${r.name}"`;
  return r.brokerId === null ? 'the cluster-wide broker defaults' : `broker ${r.brokerId}`;
}

/**
 * Which broker must receive a request about `r`: a specific broker's config
 * lives on that broker (static server.properties values are only known there),
 * so it goes to that broker, as KafkaAdminClient does; topics and the
 * cluster-wide default go to any broker (KRaft brokers forward writes to the
 * active controller).
 */
export function targetOf(r: ConfigResource): number | 'any' {
  return r.type === 'broker' && r.brokerId !== null ? r.brokerId : 'any';
}

/** Groups items by target broker, keeping their order. */
export function groupByTarget<T extends { readonly resource: ConfigResource }>(
  items: readonly T[],
): Map<number | 'any', T[]> {
  const out = new Map<number | 'any', T[]>();
  for (const item of items) {
    const t = targetOf(item.resource);
    const list = out.get(t);
    if (list) list.push(item);
    else out.set(t, [item]);
  }
  return out;
}
