/**
 * IncrementalAlterConfigs (API key 44, KIP-339), v0-v1 (v1 is flexible).
 *
 * The only way Stackdeck changes configs. The legacy AlterConfigs (key 33,
 * which kafkajs's admin.alterConfigs uses) replaces a resource's whole dynamic
 * config with the request's set, so any key left out (including sensitive ones
 * the UI never saw, since DescribeConfigs returns them as null) is reset.
 * IncrementalAlterConfigs touches only the keys named:
 * SET (0) a value, DELETE (1) the override (back to the inherited value),
 * APPEND (2) / SUBTRACT (3) items of a LIST-typed key.
 *
 * A KRaft broker forwards the request to the active controller; a specific
 * broker's config goes to that broker (see configResources.ts). ValidateOnly
 * runs every check (config validation, CreateTopicPolicy/AlterConfigPolicy) and
 * changes nothing: the dry run before the confirm dialog.
 */
import { deadlineOf, type CallOptions } from './call';
import type { Reader, Writer } from './codec';
import {
  describeResource,
  groupByTarget,
  keyOf,
  RESOURCE_TYPE,
  resourceKey,
  resourceName,
  type ConfigResource,
} from './configResources';
import { kafkaErrorInfo, stackdeckCodeOf, type KafkaErrorInfo } from './errors';
import { wireError, type ApiSpec, type KafkaWire } from './wire';
import type { ErrorCode } from '../../../shared/errors';

export type ConfigOp =
  | { readonly op: 'set'; readonly name: string; readonly value: string }
  | { readonly op: 'delete'; readonly name: string }
  /** LIST-typed keys only, e.g. cleanup.policy: adds the item if absent. */
  | { readonly op: 'append'; readonly name: string; readonly value: string }
  | { readonly op: 'subtract'; readonly name: string; readonly value: string };

const OP_CODE = { set: 0, delete: 1, append: 2, subtract: 3 } as const;

export interface AlterConfigsItem {
  readonly resource: ConfigResource;
  readonly ops: readonly ConfigOp[];
}

export type AlterConfigsOutcome =
  | { readonly resource: ConfigResource; readonly ok: true }
  | {
      readonly resource: ConfigResource;
      readonly ok: false;
      readonly error: KafkaErrorInfo;
      /** The Stackdeck error code this maps to (INVALID_INPUT for INVALID_CONFIG / POLICY_VIOLATION, AUTH_FAILED, NOT_FOUND...). */
      readonly code: ErrorCode;
      /** A sentence for the UI naming the resource and the broker's reason. */
      readonly message: string;
    };

interface AlterInput {
  readonly items: readonly AlterConfigsItem[];
  readonly validateOnly: boolean;
}

interface RawOutcome {
  readonly type: number;
  readonly name: string;
  readonly code: number;
  readonly message: string | null;
}

export const IncrementalAlterConfigsApi: ApiSpec<AlterInput, RawOutcome[]> = {
  apiKey: 44,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  encode(w: Writer, _version: number, input: AlterInput): void {
    w.array(input.items, (x, item) => {
      x.int8(RESOURCE_TYPE[item.resource.type]);
      x.string(resourceName(item.resource));
      x.array(item.ops, (y, op) => {
        y.string(op.name);
        y.int8(OP_CODE[op.op]);
        y.nullableString(op.op === 'delete' ? null : op.value);
        y.tags();
      });
      x.tags();
    });
    w.bool(input.validateOnly);
    w.tags();
  },
  decode(r: Reader): RawOutcome[] {
    r.int32(); // throttle_time_ms
    const out = r.array((x): RawOutcome => {
      const code = x.int16();
      const message = x.nullableString();
      const type = x.int8();
      const name = x.string();
      x.tags();
      return { type, name, code, message };
    });
    r.tags();
    return out;
  },
};

/** Friendlier words for the errors a config edit meets; the broker's own message follows. */
function explain(info: KafkaErrorInfo, resource: ConfigResource): string {
  const what = describeResource(resource);
  switch (info.name) {
    case 'INVALID_CONFIG':
      return `The broker rejected the config change for ${what}: ${info.message}`;
    case 'POLICY_VIOLATION':
      return `The config change for ${what} breaks a policy the cluster enforces: ${info.message}`;
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      return `Cannot change ${what}: it does not exist (it may have been deleted).`;
    case 'INVALID_REQUEST':
      return `The broker refused the request for ${what}: ${info.message}`;
    default:
      if (info.name.endsWith('_AUTHORIZATION_FAILED')) {
        return `Not allowed to change the config of ${what} (${info.name}). It needs ALTER_CONFIGS permission.`;
      }
      return `Changing the config of ${what} failed: ${info.name}: ${info.message}`;
  }
}

export interface IncrementalAlterConfigsOptions extends CallOptions {
  /** Validate only (dry run); default false. */
  readonly validateOnly?: boolean;
}

/**
 * Applies `items` (or validates them). One outcome per item, in order;
 * per-resource failures are outcomes, transport failures throw.
 * A resource must appear at most once (Kafka answers INVALID_REQUEST for duplicates).
 */
export async function incrementalAlterConfigs(
  wire: KafkaWire,
  items: readonly AlterConfigsItem[],
  options: IncrementalAlterConfigsOptions = {},
): Promise<AlterConfigsOutcome[]> {
  const opts = { ...options, deadline: deadlineOf(options) };
  try {
    const byKey = new Map<string, RawOutcome>();
    await Promise.all(
      [...groupByTarget(items)].map(async ([target, group]) => {
        const { value } = await wire.call(
          target,
          IncrementalAlterConfigsApi,
          { items: group, validateOnly: options.validateOnly ?? false },
          opts,
        );
        for (const o of value) byKey.set(resourceKey(o.type, o.name), o);
      }),
    );
    return items.map((item): AlterConfigsOutcome => {
      const raw = byKey.get(keyOf(item.resource));
      if (raw !== undefined && raw.code === 0) return { resource: item.resource, ok: true };
      const error =
        raw === undefined
          ? kafkaErrorInfo(-1, `The broker returned no result for ${describeResource(item.resource)}.`)
          : kafkaErrorInfo(raw.code, raw.message);
      return {
        resource: item.resource,
        ok: false,
        error,
        code: stackdeckCodeOf(error),
        message: explain(error, item.resource),
      };
    });
  } catch (e) {
    throw wireError(e, 'Changing configs');
  }
}
