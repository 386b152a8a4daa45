/**
 * The oracle of the quota tests: `kafka-configs.sh --describe` (ConfigCommand
 * from the stack's 4.x jars) for one entity, parsed. Not the code under test.
 */
import type { QuotaEntity } from '../../../src/shared/contract/kafka/quotas';
import { KAFKA_CLI } from '../../stack/servers/kafka.js';
import { BOOTSTRAP, runCli } from '../kafka-groups/helpers.js';

/** `--entity-type users --entity-name U [--entity-type clients --entity-default]`, or `--entity-type ips ...`. */
export function entityArgs(e: QuotaEntity): string[] {
  const one = (type: string, name: string | null | undefined): string[] =>
    name === undefined
      ? []
      : ['--entity-type', type, ...(name === null ? ['--entity-default'] : ['--entity-name', name])];
  return [...one('users', e.user), ...one('clients', e.clientId), ...one('ips', e.ip)];
}

/** The entity's quotas as kafka-configs.sh prints them ("Quota configs for ... are k=v, k=v"), parsed. */
export async function cliQuotas(e: QuotaEntity): Promise<Record<string, number>> {
  const res = await runCli(KAFKA_CLI.configs, ['--bootstrap-server', BOOTSTRAP, '--describe', ...entityArgs(e)]);
  if (res.code !== 0) throw new Error(`kafka-configs failed: ${res.stderr}`);
  const line = res.stdout.split('\n').find((l) => l.startsWith('Quota configs for'));
  const out: Record<string, number> = {};
  for (const kv of line ? (/ are (.*)$/.exec(line)?.[1] ?? '').split(', ') : []) {
    const [k, v] = kv.split('=');
    if (k && v !== undefined) out[k] = Number(v);
  }
  return out;
}
