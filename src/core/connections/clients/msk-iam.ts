/**
 * Amazon MSK IAM for kafkajs: the broker takes a SASL OAUTHBEARER token that is
 * a SigV4-presigned `kafka-cluster:Connect` URL, made by AWS's signer
 * (`aws-msk-iam-sasl-signer-js`) from the standard AWS credential sources: the
 * named profile in ~/.aws/credentials and ~/.aws/config (or the files that
 * AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE name), else the default chain
 * (environment, profile files, SSO, instance metadata). Stackdeck stores only
 * the region and the profile name, never AWS credentials.
 */
import { generateAuthToken, generateAuthTokenFromProfile } from 'aws-msk-iam-sasl-signer-js';
import { StackdeckError } from '../../../shared/errors';

export interface MskIamOptions {
  /** The cluster's AWS region, e.g. eu-west-1. */
  region: string;
  /** A profile name from the AWS profile files; empty: the default credential chain. */
  awsProfile: string;
}

/** Presigned tokens live 15 minutes; make a new one this long before. */
const EXPIRY_MARGIN_MS = 60_000;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function checkMskIam(o: MskIamOptions): void {
  if (!REGION.test(o.region))
    throw new StackdeckError(
      'INVALID_INPUT',
      `AWS MSK IAM needs the cluster's AWS region (like eu-west-1), not "${o.region}".`,
    );
  if (o.awsProfile.length > 128 || /[\s[\]]/.test(o.awsProfile))
    throw new StackdeckError('INVALID_INPUT', 'The AWS profile name may not contain spaces or brackets.');
}

/** One signed token, within `ms` (credential sources such as SSO or instance metadata may call the network). */
export async function mskIamToken(o: MskIamOptions, ms: number): Promise<{ value: string; expiresAt: number }> {
  checkMskIam(o);
  const signing =
    o.awsProfile === ''
      ? generateAuthToken({ region: o.region })
      : generateAuthTokenFromProfile({ region: o.region, awsProfileName: o.awsProfile });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StackdeckError('TIMEOUT', `AWS credentials for MSK IAM were not available within ${ms} ms.`)),
      ms,
    );
  });
  try {
    const r = await Promise.race([signing, deadline]);
    return { value: r.token, expiresAt: r.expiryTime };
  } catch (e) {
    if (e instanceof StackdeckError) throw e;
    // The SDK's messages name the profile or the missing source, never a key value.
    const why = e instanceof Error ? e.message : String(e);
    throw new StackdeckError(
      'AUTH_FAILED',
      `No AWS credentials for MSK IAM${o.awsProfile === '' ? '' : ` (profile "${o.awsProfile}")`}: ${why}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** kafkajs's `oauthBearerProvider`: a cached signed token, made again shortly before it expires. */
export function mskIamProvider(o: MskIamOptions, ms: number): () => Promise<{ value: string }> {
  let current: { value: string; expiresAt: number } | undefined;
  let pending: Promise<{ value: string; expiresAt: number }> | undefined;
  return async () => {
    if (current && current.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return { value: current.value };
    pending ??= mskIamToken(o, ms).finally(() => {
      pending = undefined;
    });
    current = await pending;
    return { value: current.value };
  };
}
