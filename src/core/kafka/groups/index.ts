/** Consumer groups: list, detail, lag snapshots, offset reset, delete. */
export {
  ConsumerGroups,
  type ConsumerGroupsDeps,
  type DescribeGroupOptions,
  type ListGroupsOptions,
  type SnapshotOptions,
} from './service';
export type { ResetPlan, ResetRequest, ResetResult, ResetRow, ResetSpec } from './reset';
export * from './model';
export type { CallOptions } from './call';
export { GroupsWire, type GroupsWireOptions } from './wire/groupsWire';
