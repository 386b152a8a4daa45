/**
 * Handlers that work on any key (src/shared/contract/redis/keys.ts): info
 * (type, TTL, memory, length by the type's strategy), delete, rename, TTL.
 * Keys arrive as base64 and are sent as exact bytes.
 */
import type { KeyInfo } from '../../../shared/contract/redis/keys';
import { StackdeckError } from '../../../shared/errors';
import type { MethodHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { perKey } from '../area/nodes';
import { fromB64, keyName } from '../bytes';
import { guarded, keyMissing } from '../errors';
import { KEY_INFO, unsupportedReason } from './types';

type KeyMethods = 'redis.keys.info' | 'redis.key.delete' | 'redis.key.rename' | 'redis.key.ttl';

const numberOr = (r: [Error | null, unknown] | undefined, fallback: number | null): number | null =>
  r && !r[0] && r[1] !== null && r[1] !== undefined ? Number(r[1]) : fallback;

export const keysSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<KeyMethods> = {
    async 'redis.keys.info'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const keys = input.keys.map((k) => fromB64(k, 'key name'));
      return guarded(t, 'Reading key details', async () => {
        const r1 = await perKey(
          t.client,
          keys.map((key) => ({
            key,
            commands: [
              ['TYPE', key],
              ['PTTL', key],
              ['MEMORY', 'USAGE', key, 'SAMPLES', '0'],
            ],
          })),
        );
        const types = keys.map((_, i) => (r1[i * 3]?.[0] ? 'none' : String(r1[i * 3]?.[1] ?? 'none')));
        const second: { key: Buffer; commands: (string | Buffer)[][] }[] = [];
        const asked: number[] = [];
        keys.forEach((key, i) => {
          const strategy = KEY_INFO.get(types[i]!);
          if (!strategy) return;
          second.push({ key, commands: [[...strategy.lengthCommand(key)]] });
          asked.push(i);
        });
        const r2 = await perKey(t.client, second);
        const lengths = new Map(asked.map((i, j) => [i, numberOr(r2[j], null)]));
        return keys.map((key, i): KeyInfo => ({
          key: key.toString('base64'),
          type: types[i]!,
          ttlMs: numberOr(r1[i * 3 + 1], -2) ?? -2,
          memory: numberOr(r1[i * 3 + 2], null),
          length: lengths.get(i) ?? null,
          unsupported: unsupportedReason(types[i]!),
        }));
      });
    },

    async 'redis.key.delete'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const n = await guarded(t, 'Deleting the key', () => t.client.call('UNLINK', key));
      return { deleted: Number(n) === 1 };
    },

    async 'redis.key.rename'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const newKey = fromB64(input.newKey, 'new key name');
      if (key.equals(newKey))
        throw new StackdeckError('INVALID_INPUT', 'The new name is the same as the old one.', { where: 'newKey' });
      await guarded(t, 'Renaming the key', async () => {
        if (input.overwrite) {
          await t.client.call('RENAME', key, newKey);
          return;
        }
        const done = Number(await t.client.call('RENAMENX', key, newKey));
        if (done === 0)
          throw new StackdeckError(
            'CONFLICT',
            `A key named "${keyName(newKey).display}" already exists. Choose another name, or confirm replacing it.`,
            { where: 'newKey' },
          );
      });
      return { key: keyName(newKey) };
    },

    async 'redis.key.ttl'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      return guarded(t, 'Changing the expiry', async () => {
        const { ttl } = input;
        const changed =
          ttl.mode === 'persist'
            ? await t.client.call('PERSIST', key)
            : ttl.mode === 'in'
              ? await t.client.call('EXPIRE', key, String(ttl.seconds))
              : await t.client.call('PEXPIREAT', key, String(ttl.epochMs));
        const ttlMs = Number(await t.client.call('PTTL', key));
        if (ttlMs === -2) {
          // PEXPIREAT in the past deletes the key; otherwise it was missing before we started.
          if (ttl.mode === 'at' && Number(changed) === 1) return { ttlMs };
          throw keyMissing('Changing the expiry');
        }
        return { ttlMs };
      });
    },
  };
  return { handlers };
};
