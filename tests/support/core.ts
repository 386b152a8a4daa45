/**
 * The whole core (every area, real contract, output validation on) in a fresh
 * user-data directory, for integration tests that go through the router as the
 * UI does. `connect(kind)` saves a profile for the local stack's server of that kind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src/core/app';
import { FileKeyCipher } from '../../src/core/connections';
import type { Profile, ProfileDraftInput, ProfileKind } from '../../src/shared/contract/connections';
import { LOCAL_STACK_DRAFTS } from '../../src/shared/contract/connections';

export interface TestCore {
  dir: string;
  core: Core;
  router: Core['router'];
  /** Saves a profile for the local server of `kind` (overrides merged in) and returns it. */
  connect(kind: ProfileKind, overrides?: Partial<ProfileDraftInput>): Promise<Profile>;
  close(): Promise<void>;
}

export async function startTestCore(): Promise<TestCore> {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-core-'));
  const core = await createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir), validateOutputs: true });
  return {
    dir,
    core,
    router: core.router,
    async connect(kind, overrides = {}) {
      const base = LOCAL_STACK_DRAFTS.find((d) => d.kind === kind);
      if (!base) throw new Error(`no local-stack draft for ${kind}`);
      const draft = { ...base, name: `it ${kind} ${Date.now()}`, ...overrides } as ProfileDraftInput;
      return core.router.call('connections.profiles.create', { draft });
    },
    async close() {
      await core.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
