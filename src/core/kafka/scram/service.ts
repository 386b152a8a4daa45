/**
 * SCRAM users over our protocol layer (scram/wire.ts). The salted password is
 * computed here as Kafka's own ScramFormatter does (PBKDF2 with the
 * mechanism's HMAC, key length = the hash's), with a fresh random salt per
 * call. The password is held only for the call and never logged or returned.
 */
import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { ScramMechanism, ScramUser } from '../../../shared/contract/kafka/scram';
import { StackdeckError } from '../../../shared/errors';
import type { CallOptions } from '../protocol/call';
import { kafkaErrorInfo, stackdeckCodeOf } from '../protocol/errors';
import { wireError, type KafkaWire } from '../protocol/wire';
import { AlterUserScramCredentialsApi, DescribeUserScramCredentialsApi, MECHANISM_CODE } from './wire';

const pbkdf2Async = promisify(pbkdf2);
const HASH = {
  'SCRAM-SHA-256': { digest: 'sha256', bytes: 32 },
  'SCRAM-SHA-512': { digest: 'sha512', bytes: 64 },
} as const;

const mechanismName = (code: number): ScramMechanism | null =>
  code === MECHANISM_CODE['SCRAM-SHA-256']
    ? 'SCRAM-SHA-256'
    : code === MECHANISM_CODE['SCRAM-SHA-512']
      ? 'SCRAM-SHA-512'
      : null;

function failure(code: number, message: string | null, what: string): StackdeckError {
  const info = kafkaErrorInfo(code, message);
  const hint = info.name.endsWith('_AUTHORIZATION_FAILED')
    ? ' It needs ALTER (or DESCRIBE, to list) on the cluster resource, or a super user.'
    : '';
  return new StackdeckError(stackdeckCodeOf(info), `${what} failed: ${info.name}: ${info.message}.${hint}`, {
    kafkaError: info.name,
  });
}

export async function listScramUsers(wire: KafkaWire, opts: CallOptions): Promise<ScramUser[]> {
  let raw;
  try {
    raw = (await wire.call('any', DescribeUserScramCredentialsApi, { users: null }, opts)).value;
  } catch (e) {
    throw wireError(e, 'Listing SCRAM users');
  }
  if (raw.code !== 0) throw failure(raw.code, raw.message, 'Listing SCRAM users');
  return raw.results
    .filter((r) => r.code === 0)
    .map((r) => ({
      name: r.user,
      credentials: r.credentials.flatMap((c) => {
        const mechanism = mechanismName(c.mechanism);
        return mechanism ? [{ mechanism, iterations: c.iterations }] : [];
      }),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function upsertScramUser(
  wire: KafkaWire,
  user: { name: string; mechanism: ScramMechanism; iterations: number; password: string },
  opts: CallOptions,
): Promise<void> {
  const { digest, bytes } = HASH[user.mechanism];
  const salt = randomBytes(32);
  const saltedPassword = await pbkdf2Async(user.password.normalize('NFC'), salt, user.iterations, bytes, digest);
  const upsertion = {
    name: user.name,
    mechanism: MECHANISM_CODE[user.mechanism],
    iterations: user.iterations,
    salt,
    saltedPassword,
  };
  await alter(
    wire,
    { deletions: [], upsertions: [upsertion] },
    `Setting the ${user.mechanism} password of "${user.name}"`,
    opts,
  );
}

export async function deleteScramUser(
  wire: KafkaWire,
  name: string,
  mechanism: ScramMechanism,
  opts: CallOptions,
): Promise<void> {
  await alter(
    wire,
    { deletions: [{ name, mechanism: MECHANISM_CODE[mechanism] }], upsertions: [] },
    `Deleting the ${mechanism} credential of "${name}"`,
    opts,
  );
}

async function alter(
  wire: KafkaWire,
  input: Parameters<typeof AlterUserScramCredentialsApi.encode>[2],
  what: string,
  opts: CallOptions,
): Promise<void> {
  let results;
  try {
    results = (await wire.call('any', AlterUserScramCredentialsApi, input, opts)).value;
  } catch (e) {
    throw wireError(e, what);
  }
  const bad = results.find((r) => r.code !== 0);
  if (bad) throw failure(bad.code, bad.message, what);
  if (results.length === 0) throw new StackdeckError('SERVER_ERROR', `${what}: the broker returned no result.`);
}
