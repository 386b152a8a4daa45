/**
 * Kafka Connect operations of one connection, each one REST call (or a few)
 * through rest.ts. Creation and config edits validate first with the plugin's
 * own checks (`PUT /connector-plugins/{class}/config/validate`) and are refused
 * with the per-field errors, so a bad config never reaches the worker's
 * config topic. Read-only connections never get here for a write: the router
 * refuses every method the contract marks `writes`.
 */
import type {
  ConfigValidation,
  ConnectorConfig,
  ConnectorDetail,
  ConnectorOffset,
  ConnectorPlugin,
  ConnectorSummary,
  ConnectWorkerInfo,
} from '../../../shared/contract/kafka/connect';
import { StackdeckError } from '../../../shared/errors';
import { nodeTlsOptions } from '../../connections/clients/common';
import type { KafkaConnection } from '../area';
import { toConfig, toOffsets, toSummaries, toSummary, toValidation } from './model';
import { request, seg, type ConnectEndpoint, type Json, type RestCall } from './rest';

/** The connection's Connect worker, or a clear INVALID_INPUT when the profile names none. */
export function endpointOf(conn: KafkaConnection): ConnectEndpoint {
  const c = conn.connect;
  const url = c.url.trim().replace(/\/+$/, '');
  if (url === '') {
    throw new StackdeckError(
      'INVALID_INPUT',
      `The connection "${conn.profile.name}" has no Kafka Connect URL. Edit the connection and set it (e.g. http://127.0.0.1:8083).`,
      { reason: 'connect-not-configured' },
    );
  }
  const host = new URL(url).hostname;
  return { url, username: c.username, password: c.password, tls: nodeTlsOptions({ ...c.tls, enabled: true }, host) };
}

const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);
const field = (body: Json, key: string): Json | undefined =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? body[key] : undefined;

export async function workerInfo(ep: ConnectEndpoint, call: RestCall): Promise<ConnectWorkerInfo> {
  const body = await request(ep, 'GET', '/', undefined, call, 'the worker info request');
  return {
    url: ep.url,
    version: str(field(body, 'version')) ?? 'unknown',
    commit: str(field(body, 'commit')),
    kafkaClusterId: str(field(body, 'kafka_cluster_id')),
  };
}

export async function listPlugins(ep: ConnectEndpoint, call: RestCall): Promise<ConnectorPlugin[]> {
  const body = await request(ep, 'GET', '/connector-plugins', undefined, call, 'the plugin list');
  return (Array.isArray(body) ? body : []).map((p) => ({
    className: str(field(p, 'class')) ?? '',
    type: str(field(p, 'type')) ?? 'unknown',
    version: str(field(p, 'version')),
  }));
}

export async function listConnectors(ep: ConnectEndpoint, call: RestCall): Promise<ConnectorSummary[]> {
  const body = await request(ep, 'GET', '/connectors?expand=status&expand=info', undefined, call, 'the connector list');
  return toSummaries(body);
}

export async function describeConnector(ep: ConnectEndpoint, name: string, call: RestCall): Promise<ConnectorDetail> {
  const what = `reading connector "${name}"`;
  const info = await request(ep, 'GET', `/connectors/${seg(name)}`, undefined, call, what);
  // A connector just created has a config but may have no status yet (404 on /status for a moment).
  const status = await request(ep, 'GET', `/connectors/${seg(name)}/status`, undefined, call, what).catch(
    (err: unknown) => {
      if (err instanceof StackdeckError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    },
  );
  return { ...toSummary(name, status, info), config: toConfig(field(info, 'config')) };
}

export async function validateConfig(
  ep: ConnectEndpoint,
  config: ConnectorConfig,
  call: RestCall,
): Promise<ConfigValidation> {
  const className = config['connector.class']?.trim() ?? '';
  if (className === '') {
    throw new StackdeckError(
      'INVALID_INPUT',
      'The config has no "connector.class". Name the connector plugin class (see the worker\'s plugin list).',
      { field: 'connector.class' },
    );
  }
  const body = await request(
    ep,
    'PUT',
    `/connector-plugins/${seg(className)}/config/validate`,
    config,
    call,
    `validating the config for ${className}`,
  );
  return toValidation(className, body, config);
}

/** Refuses with each key's errors when the plugin finds any; the worker is left untouched. */
async function validateOrRefuse(ep: ConnectEndpoint, config: ConnectorConfig, call: RestCall): Promise<void> {
  const v = await validateConfig(ep, config, call);
  if (v.errorCount === 0) return;
  const lines = v.fields.filter((f) => f.errors.length > 0).map((f) => `${f.name}: ${f.errors.join('; ')}`);
  throw new StackdeckError(
    'INVALID_INPUT',
    `The connector config has ${v.errorCount} error(s); nothing was changed.\n${lines.slice(0, 50).join('\n')}`,
    { reason: 'connect-validation', errorCount: v.errorCount },
  );
}

/** The name is the request's, always: a different `name` key in the config would be ambiguous. */
function withName(name: string, config: ConnectorConfig): ConnectorConfig {
  if (config.name !== undefined && config.name !== name) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `The config's "name" (${config.name}) differs from the connector name "${name}". Remove it or make them equal.`,
      { field: 'name' },
    );
  }
  return { ...config, name };
}

export async function createConnector(
  ep: ConnectEndpoint,
  name: string,
  config: ConnectorConfig,
  call: RestCall,
): Promise<ConnectorDetail> {
  const full = withName(name, config);
  await validateOrRefuse(ep, full, call);
  // POST (not PUT .../config) so an existing connector of that name is a CONFLICT, not silently replaced.
  await request(ep, 'POST', '/connectors', { name, config: full }, call, `creating connector "${name}"`);
  return describeConnector(ep, name, call);
}

export async function updateConnector(
  ep: ConnectEndpoint,
  name: string,
  config: ConnectorConfig,
  call: RestCall,
): Promise<ConnectorDetail> {
  // PUT .../config would create a missing connector; an edit of one deleted meanwhile must say so instead.
  await request(ep, 'GET', `/connectors/${seg(name)}`, undefined, call, `reading connector "${name}"`);
  const full = withName(name, config);
  await validateOrRefuse(ep, full, call);
  await request(ep, 'PUT', `/connectors/${seg(name)}/config`, full, call, `updating connector "${name}"`);
  return describeConnector(ep, name, call);
}

export type Transition = 'pause' | 'resume' | 'stop';

export async function transition(ep: ConnectEndpoint, name: string, what: Transition, call: RestCall): Promise<void> {
  await request(ep, 'PUT', `/connectors/${seg(name)}/${what}`, undefined, call, `${what} of connector "${name}"`);
}

export async function restartConnector(
  ep: ConnectEndpoint,
  name: string,
  includeTasks: boolean,
  onlyFailed: boolean,
  call: RestCall,
): Promise<void> {
  const q = `includeTasks=${String(includeTasks)}&onlyFailed=${String(onlyFailed)}`;
  await request(ep, 'POST', `/connectors/${seg(name)}/restart?${q}`, undefined, call, `restarting connector "${name}"`);
}

export async function deleteConnector(ep: ConnectEndpoint, name: string, call: RestCall): Promise<void> {
  await request(ep, 'DELETE', `/connectors/${seg(name)}`, undefined, call, `deleting connector "${name}"`);
}

/** KIP-875 (workers 3.5+); an older worker answers 404 on the path, said so in words. */
export async function getOffsets(ep: ConnectEndpoint, name: string, call: RestCall): Promise<ConnectorOffset[]> {
  const body = await request(ep, 'GET', `/connectors/${seg(name)}/offsets`, undefined, call, offsetsWhat(name)).catch(
    (err: unknown) => {
      throw olderWorker(err, name);
    },
  );
  return toOffsets(body);
}

export async function alterOffsets(
  ep: ConnectEndpoint,
  name: string,
  offsets: readonly ConnectorOffset[],
  call: RestCall,
): Promise<string> {
  const body: Json = {
    offsets: offsets.map((o) => ({ partition: o.partition as Json, offset: o.offset as Json })),
  };
  const res = await request(ep, 'PATCH', `/connectors/${seg(name)}/offsets`, body, call, offsetsWhat(name)).catch(
    (err: unknown) => {
      throw olderWorker(err, name);
    },
  );
  return str(field(res, 'message')) ?? 'The offsets were altered.';
}

export async function resetOffsets(ep: ConnectEndpoint, name: string, call: RestCall): Promise<string> {
  const res = await request(ep, 'DELETE', `/connectors/${seg(name)}/offsets`, undefined, call, offsetsWhat(name)).catch(
    (err: unknown) => {
      throw olderWorker(err, name);
    },
  );
  return str(field(res, 'message')) ?? 'The offsets were reset.';
}

const offsetsWhat = (name: string): string => `the offsets of connector "${name}"`;

/** Connect's 404 for a missing connector has a message; a worker without KIP-875 answers Jetty's bare 404. */
function olderWorker(err: unknown, name: string): unknown {
  if (err instanceof StackdeckError && err.code === 'NOT_FOUND' && err.detail?.connectErrorCode === null) {
    return new StackdeckError(
      'NOT_FOUND',
      `This Connect worker has no offsets API (KIP-875 needs Kafka Connect 3.5 or newer); the offsets of "${name}" cannot be read here.`,
      { reason: 'connect-offsets-unsupported' },
    );
  }
  return err;
}
