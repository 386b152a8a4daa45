/**
 * What the host-target tests share: SSH settings for the stack's bastion (the
 * "remote host" is 127.0.0.1:2222; its user's shell runs on this machine) and
 * a generated churn service made by the real models area.
 */
import { join } from 'node:path';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import type { ArtifactOpened, GeneratedFile, HostTargetInput } from '../../../src/shared/contract/models';
import type { SshTunnelSettings } from '../../../src/core/ssh/tunnel';
import { modelsPython } from '../../support/models-venv';
import { churnSchema } from '../models/fixtures';
import { BASTION_FP, SSH_TEST_USER, SSHD_PORTS, USER_KEY, sshKeySection } from '../ssh/fixture';
import { churnModel } from '../models/fixtures';

export function hostSettings(over: Partial<SshTunnelSettings> = {}): SshTunnelSettings {
  const hop = {
    host: '127.0.0.1',
    port: SSHD_PORTS.bastion,
    username: SSH_TEST_USER.username,
    auth: 'key' as const,
    password: '',
    privateKey: USER_KEY,
    passphrase: '',
    hostKey: BASTION_FP,
  };
  return { ...hop, jump: { ...hop, enabled: false }, ...over };
}

/** A core with only the models area; the churn model trained, trusted and inspected. */
export async function churnCore(
  dir: string,
): Promise<{ core: Core; generate: (name: string, tenure?: number, apiKey?: boolean) => Promise<string> }> {
  const python = modelsPython();
  const model = churnModel(dir);
  const core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [(env) => createModelsArea(env)],
  });
  const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
  const o = await call<ArtifactOpened>('models.artifact.open', { path: model });
  await call('models.trust.set', { path: model, sha256: o.artifact.sha256, trusted: true });
  await call('models.inspect', { path: model, interpreter: python });
  const generate = async (name: string, tenure = 1, apiKey = false) =>
    (
      await call<{ dir: string; files: GeneratedFile[] }>('models.service.generate', {
        path: model,
        schema: { ...churnSchema(name, tenure), apiKey },
      })
    ).dir;
  return { core, generate };
}

/** A saved connection holding the bastion's user key in the vault: what a host target's key comes from. */
export async function keyProfile(core: Core): Promise<string> {
  const draft = {
    kind: 'redis',
    name: 'key',
    host: '127.0.0.1',
    port: 6379,
    ssh: sshKeySection(),
  } as ProfileDraftInput;
  return (await core.router.call('connections.profiles.create', { draft })).id;
}

/** The stack's bastion as a host target, its key lent by that connection. */
export const bastionTarget = (keyProfileId: string, over: Partial<HostTargetInput> = {}): HostTargetInput => ({
  host: '127.0.0.1',
  port: SSHD_PORTS.bastion,
  username: SSH_TEST_USER.username,
  auth: 'key',
  keyProfileId,
  ...over,
});
