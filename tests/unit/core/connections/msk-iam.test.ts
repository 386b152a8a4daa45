/**
 * AWS MSK IAM tokens from the standard AWS profile files (temporary ones named
 * by AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE): signed locally, no network
 * (instance metadata is switched off so the default chain cannot reach for it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mskIamProvider, mskIamToken } from '../../../../src/core/connections/clients/msk-iam';

const KEY_ID = 'AKIASTACKDECKTEST01';
const SECRET = 'sd-aws-secret-9c1f7e0b2a';
const VARS = ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE'] as const;
let dir: string;
const saved: Partial<Record<(typeof VARS)[number], string | undefined>> = {};

beforeAll(() => {
  for (const v of VARS) saved[v] = process.env[v];
  dir = mkdtempSync(join(tmpdir(), 'sd-msk-'));
  writeFileSync(
    join(dir, 'credentials'),
    `[sd-msk]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
  );
  writeFileSync(join(dir, 'config'), '[profile sd-msk]\nregion = us-east-1\n');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
});
afterAll(() => {
  for (const v of VARS) {
    const old = saved[v];
    if (old === undefined) delete process.env[v];
    else process.env[v] = old;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The token is the presigned URL, base64url-encoded. */
const decode = (token: string): URL => new URL(Buffer.from(token, 'base64url').toString('utf8'));

describe('AWS MSK IAM tokens', () => {
  it("signs a kafka-cluster:Connect URL for the region with the profile's access key id", async () => {
    const t = await mskIamToken({ region: 'eu-west-1', awsProfile: 'sd-msk' }, 5_000);
    const url = decode(t.value);
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      new RegExp(`^${KEY_ID}/\\d{8}/eu-west-1/kafka-cluster/aws4_request$`),
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // The secret key signs; it is never in the token.
    expect(Buffer.from(t.value, 'base64url').toString('utf8')).not.toContain(SECRET);
    expect(t.expiresAt).toBeGreaterThan(Date.now());
  });

  it('the kafkajs provider caches the token until shortly before it expires', async () => {
    const provide = mskIamProvider({ region: 'us-east-2', awsProfile: 'sd-msk' }, 5_000);
    const a = await provide();
    const b = await provide();
    expect(b.value).toBe(a.value);
    expect(decode(a.value).host).toBe('kafka.us-east-2.amazonaws.com');
  });

  it('an unknown profile is AUTH_FAILED with the profile named, and no key value', async () => {
    const err = await mskIamToken({ region: 'eu-west-1', awsProfile: 'no-such-profile' }, 5_000).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect(String((err as Error).message)).toMatch(/profile "no-such-profile"/);
    expect(String((err as Error).message)).not.toContain(SECRET);
  });

  it('refuses a malformed region before touching any credential', async () => {
    await expect(mskIamToken({ region: 'Europe', awsProfile: 'sd-msk' }, 5_000)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
