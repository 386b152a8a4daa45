import { randomUUID } from 'node:crypto';
import {
  ProfileDraft,
  ProfilesExport,
  type ConnectionStatus,
  type Profile,
  type ProfileList,
  type StoreIssue,
} from '../../shared/contract/connections';
import { StackdeckError } from '../../shared/errors';
import type { MethodHandlers, StreamHandlers } from '../handler';
import {
  draftToStored,
  exportedToDraftJson,
  resolveDraft,
  resolveStored,
  secretRefs,
  toExported,
  toPublic,
  type StoredProfile,
} from './model';
import { runProbe } from './probe/index';
import type { ProfilesStore } from './profiles-store';
import type { ClientRegistry } from './registry';
import { draftFromSecureBundle } from './bundle/secure-bundle';
import { checkStoredMongoUri, parseConnectionUri } from './uri';
import type { Vault } from './vault';

/** The `connections.*` slice of the contract, implemented over the store, the vault and the registry. */

export type ConnectionsMethodName = Extract<keyof MethodHandlers, `connections.${string}`>;
export type ConnectionsStreamName = Extract<keyof StreamHandlers, `connections.${string}`>;
export type ConnectionsHandlers = MethodHandlers<ConnectionsMethodName> & StreamHandlers<ConnectionsStreamName>;

export interface ServiceDeps {
  store: ProfilesStore;
  vault: Vault;
  registry: ClientRegistry;
  /** Registers cleanup for long-lived streams (status.watch), run on dispose; returns its unregister function. */
  onDispose(fn: () => void): () => void;
  /** The desktop's native confirmation; absent in web mode (see `confirmWritable`). */
  confirm?: NativeConfirm;
}

/** Asks the user outside the renderer; true when they confirmed. */
export type NativeConfirm = (question: { message: string; detail: string }, signal: AbortSignal) => Promise<boolean>;

const becomesWritable = (previous: StoredProfile, draft: ProfileDraft): boolean => previous.readOnly && !draft.readOnly;

/** A stored MongoDB URI passes the same allow-list as an imported one. */
function checkDraft(draft: ProfileDraft): void {
  if (draft.kind === 'mongo' && draft.endpoint.mode === 'uri') checkStoredMongoUri(draft.endpoint.uri);
}

function writableRefused(profile: StoredProfile): StackdeckError {
  return new StackdeckError(
    'READ_ONLY',
    `"${profile.name}" is read-only. To make it writable, confirm by typing its name; nothing was changed.`,
    { reason: 'confirm-writable', id: profile.id },
  );
}

/** Strictly later than `previous`, so optimistic-concurrency checks on updatedAt always see a change. */
function nextTimestamp(previous?: string): string {
  const now = Date.now();
  const prev = previous ? Date.parse(previous) : 0;
  return new Date(Math.max(now, prev + 1)).toISOString();
}

export function createConnectionsHandlers(deps: ServiceDeps): ConnectionsHandlers {
  const { store, vault, registry } = deps;
  const pub = (p: StoredProfile): Profile => toPublic(p, vault);

  /** Saves under the store lock; secrets sealed for a save that then fails are removed again. */
  async function save(
    id: string,
    work: (
      current: ReadonlyMap<string, StoredProfile>,
    ) => Promise<{ profile: StoredProfile; previous?: StoredProfile; obsolete: string[] }>,
  ): Promise<Profile> {
    let sealed: string[] = [];
    try {
      const { profile, obsolete } = await store.mutate(async (current) => {
        const r = await work(current);
        const before = new Set(r.previous ? secretRefs(r.previous) : []);
        sealed = secretRefs(r.profile).filter((ref) => !before.has(ref));
        return { put: [r.profile], result: r };
      });
      await vault.deleteMany(obsolete);
      await registry.invalidate(id);
      return pub(profile);
    } catch (err) {
      await vault.deleteMany(sealed).catch(() => undefined);
      throw err;
    }
  }

  /** The deliberate act that turns a read-only profile writable: a native dialog (desktop) or the typed name (web). */
  async function confirmWritableChange(
    profile: StoredProfile,
    typed: string | undefined,
    signal: AbortSignal,
  ): Promise<boolean> {
    if (deps.confirm) {
      const ok = await deps.confirm(
        {
          message: `Make "${profile.name}" writable?`,
          detail:
            'This connection is read-only: Stackdeck refuses every change to its server. Making it writable lets ' +
            'edits, deletes and resets through. Confirm only if you meant to change this.',
        },
        signal,
      );
      if (!ok) throw new StackdeckError('CANCELLED', `Not changed: "${profile.name}" stays read-only.`);
      return true;
    }
    if (typed !== undefined && typed === profile.name) return true;
    throw writableRefused(profile);
  }

  function missingSecretIssues(profiles: readonly StoredProfile[]): StoreIssue[] {
    const names = profiles.filter((p) => secretRefs(p).some((ref) => !vault.has(ref))).map((p) => p.name);
    if (names.length === 0) return [];
    return [
      {
        file: 'vault',
        problem: 'missing-secret',
        movedTo: null,
        at: new Date().toISOString(),
        message: `Saved passwords are missing for: ${names.join(', ')}. Edit these connections and enter them again.`,
      },
    ];
  }

  return {
    'connections.profiles.list': async (): Promise<ProfileList> => {
      // Another core on the same directory (desktop and web mode) may have changed them.
      await store.reloadIfChanged();
      const profiles = store.list();
      return {
        profiles: profiles.map(pub),
        issues: [...store.issues(), ...vault.getIssues(), ...missingSecretIssues(profiles)],
      };
    },

    'connections.profiles.get': async ({ id }) => {
      await store.reloadIfChanged();
      return pub(store.require(id));
    },

    'connections.profiles.create': async ({ draft }) => {
      checkDraft(draft);
      const id = randomUUID();
      const now = nextTimestamp();
      return save(id, async () => {
        const { profile } = await draftToStored(draft, { id, createdAt: now, updatedAt: now }, undefined, vault);
        return { profile, obsolete: [] };
      });
    },

    'connections.profiles.update': async ({ id, draft, expectedUpdatedAt, confirmWritable }, ctx) => {
      checkDraft(draft);
      // The profile may have been created by another core on this directory since we last read.
      await store.reloadIfChanged();
      // Asked before taking the store lock: the user may take a while to answer.
      const confirmed = becomesWritable(store.require(id), draft)
        ? await confirmWritableChange(store.require(id), confirmWritable, ctx.signal)
        : false;
      return save(id, async (current) => {
        const previous = current.get(id) ?? store.require(id);
        if (becomesWritable(previous, draft) && !confirmed) throw writableRefused(previous);
        if (expectedUpdatedAt !== undefined && Date.parse(expectedUpdatedAt) !== Date.parse(previous.updatedAt)) {
          throw new StackdeckError(
            'CONFLICT',
            'This connection was changed elsewhere since you opened it. Reload it and apply your changes again.',
            { id },
          );
        }
        const meta = { id, createdAt: previous.createdAt, updatedAt: nextTimestamp(previous.updatedAt) };
        const { profile, obsoleteRefs } = await draftToStored(draft, meta, previous, vault);
        return { profile, previous, obsolete: obsoleteRefs };
      });
    },

    'connections.profiles.duplicate': async ({ id, name }) => {
      const newId = randomUUID();
      return save(newId, async (current) => {
        const source = current.get(id) ?? store.require(id);
        // Copies of the sealed values, so deleting either profile leaves the other's secrets intact.
        const copies = await vault.copyMany(secretRefs(source));
        const json = JSON.parse(JSON.stringify(source), (_key, value: unknown) => {
          const ref = (value as { ref?: unknown } | null)?.ref;
          return typeof ref === 'string' && copies.has(ref) ? { ref: copies.get(ref) } : value;
        }) as StoredProfile;
        const now = nextTimestamp();
        const profile: StoredProfile = {
          ...json,
          id: newId,
          name: name ?? `${source.name} (copy)`.slice(0, 120),
          createdAt: now,
          updatedAt: now,
        };
        return { profile, obsolete: [] };
      });
    },

    'connections.profiles.delete': async ({ id }) => {
      const removed = await store.mutate(async (current) => {
        const profile = current.get(id);
        return profile ? { remove: [id], result: profile } : { result: undefined };
      });
      if (!removed) return { deleted: false };
      // Profile first, then its secrets: a crash in between leaves only orphans, swept at the next start.
      await registry.invalidate(id, true);
      await vault.deleteMany(secretRefs(removed));
      return { deleted: true };
    },

    'connections.profiles.parseUri': async ({ uri, kind, name }) => parseConnectionUri(uri, kind, name),
    'connections.profiles.parseBundle': async ({ bundleBase64, name }) =>
      draftFromSecureBundle(Buffer.from(bundleBase64, 'base64'), name),

    'connections.profiles.export': async ({ ids }) => {
      await store.reloadIfChanged();
      const chosen = ids ? ids.map((id) => store.require(id)) : store.list();
      return {
        format: 'stackdeck-profiles',
        version: 1,
        exportedAt: new Date().toISOString(),
        profiles: chosen.map((p) => toExported(p, vault)),
      } satisfies ProfilesExport;
    },

    'connections.profiles.import': async ({ document }) => {
      // Every profile is checked before any is saved: an import adds all or nothing.
      const drafts = document.profiles.map((p, i) => {
        const parsed = ProfileDraft.safeParse(exportedToDraftJson(p));
        if (!parsed.success)
          throw new StackdeckError(
            'INVALID_INPUT',
            `Profile ${i + 1} ("${p.name}") in the file is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`,
          );
        checkDraft(parsed.data);
        return parsed.data;
      });
      const imported = await store.mutate(async () => {
        const now = nextTimestamp();
        const put: StoredProfile[] = [];
        for (const draft of drafts) {
          const id = randomUUID();
          put.push((await draftToStored(draft, { id, createdAt: now, updatedAt: now }, undefined, vault)).profile);
        }
        return { put, result: put };
      });
      return { imported: imported.map(pub) };
    },

    'connections.probe.run': async ({ connectionId, draft, stageTimeoutMs }, ctx) => {
      if (!connectionId && !draft)
        throw new StackdeckError('INVALID_INPUT', 'Give a saved connection or the profile to test.');
      const base = connectionId ? store.require(connectionId) : undefined;
      if (draft) checkDraft(draft);
      const profile = draft
        ? await resolveDraft(draft, base, vault)
        : await resolveStored(base as StoredProfile, vault);
      await runProbe(profile, { stageTimeoutMs, signal: ctx.signal, emit: ctx.emit });
    },

    'connections.status.list': async () => registry.statusList(store.list().map((p) => p.id)),

    'connections.status.watch': async (_input, ctx) => {
      for (const status of registry.statusList(store.list().map((p) => p.id))) ctx.emit(status);
      await new Promise<void>((resolve) => {
        const off = registry.onStatus((status: ConnectionStatus) => {
          if (store.get(status.connectionId)) ctx.emit(status);
        });
        let unregister = (): void => undefined;
        const end = () => {
          off();
          // A watcher that ended (page closed or reloaded) leaves nothing behind in the dispose set.
          unregister();
          resolve();
        };
        if (ctx.signal.aborted) return end();
        ctx.signal.addEventListener('abort', end, { once: true });
        unregister = deps.onDispose(end);
      });
    },

    'connections.client.connect': async ({ connectionId }) => {
      await store.reloadIfChanged();
      return registry.connect(connectionId);
    },

    'connections.client.disconnect': async ({ connectionId }) => {
      store.require(connectionId);
      return registry.disconnect(connectionId);
    },

    'connections.vault.status': async () => vault.status(),

    'connections.vault.consent': async ({ accept }) => vault.setConsent(accept),
  };
}
