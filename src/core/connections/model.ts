import { z } from 'zod';
import {
  ExportedProfile,
  Profile,
  ProfileId,
  SECRET_FIELDS,
  profileShapes,
  type ProfileDraft,
  type SecretInput,
} from '../../shared/contract/connections';
import { assertSecretsMayFollow } from './endpoint';
import type { Vault } from './vault';

/**
 * The three internal forms of a profile, all built from the contract's
 * `profileShapes` so they cannot drift from it:
 * - stored: what profiles.json holds; secrets are `{ ref }` into the vault, or null;
 * - resolved: what a driver needs; secrets are plain strings ('' when unset). Lives
 *   only in memory for the duration of a connect or probe;
 * - the contract's `Profile` (secrets as `{ set }`), the only form that leaves core.
 */

const SecretRef = z
  .object({ ref: z.string().min(1) })
  .nullable()
  .default(null);
export type SecretRef = z.infer<typeof SecretRef>;

const meta = { id: ProfileId, createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };
const stored = profileShapes(SecretRef);
export const StoredProfile = z.discriminatedUnion('kind', [
  stored.kafka.extend(meta),
  stored.mongo.extend(meta),
  stored.cassandra.extend(meta),
  stored.neo4j.extend(meta),
  stored.redis.extend(meta),
]);
export type StoredProfile = z.output<typeof StoredProfile>;

const resolved = profileShapes(z.string().default(''));
export const ResolvedProfile = z.discriminatedUnion('kind', [
  resolved.kafka,
  resolved.mongo,
  resolved.cassandra,
  resolved.neo4j,
  resolved.redis,
]);
export type ResolvedProfile = z.output<typeof ResolvedProfile>;
export type ResolvedOf<K extends ResolvedProfile['kind']> = Extract<ResolvedProfile, { kind: K }>;
export type ResolvedTls = ResolvedProfile['tls'];

type Json = Record<string, unknown>;

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

function setPath(obj: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur: Json = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null) throw new Error(`profile has no ${key}`);
    cur = next as Json;
  }
  cur[keys[keys.length - 1] as string] = value;
}

const clone = (value: unknown): Json => structuredClone(value) as Json;

export function secretRefs(profile: StoredProfile): string[] {
  return SECRET_FIELDS[profile.kind].flatMap((path) => {
    const ref = getPath(profile, path) as SecretRef | undefined;
    return ref ? [ref.ref] : [];
  });
}

/** The secret paths a draft keeps that hold a stored value in `saved` (only those can leak). */
function keptSecrets(draft: ProfileDraft, saved: StoredProfile): string[] {
  return SECRET_FIELDS[draft.kind].filter(
    (path) => (getPath(draft, path) as SecretInput).action === 'keep' && Boolean(getPath(saved, path)),
  );
}

/**
 * Turns a draft into the stored form. New values are sealed under fresh refs
 * (never overwriting the old entry, so a failed profile save leaves the old
 * profile and secret intact); returns the refs the caller must delete once the
 * profile is saved.
 */
export async function draftToStored(
  draft: ProfileDraft,
  metaFields: { id: string; createdAt: string; updatedAt: string },
  previous: StoredProfile | undefined,
  vault: Vault,
): Promise<{ profile: StoredProfile; obsoleteRefs: string[] }> {
  const out = clone(draft);
  const toSeal: { path: string; value: string }[] = [];
  if (previous) assertSecretsMayFollow(draft, previous, keptSecrets(draft, previous));
  for (const path of SECRET_FIELDS[draft.kind]) {
    const input = getPath(draft, path) as SecretInput;
    const prev = previous ? ((getPath(previous, path) as SecretRef | undefined) ?? null) : null;
    if (input.action === 'set') toSeal.push({ path, value: input.value });
    setPath(out, path, input.action === 'keep' ? prev : null);
  }
  const refs = await vault.putMany(toSeal.map((s) => s.value));
  toSeal.forEach((s, i) => setPath(out, s.path, { ref: refs[i] }));
  const profile = StoredProfile.parse({ ...out, ...metaFields });
  const kept = new Set(secretRefs(profile));
  const obsoleteRefs = previous ? secretRefs(previous).filter((ref) => !kept.has(ref)) : [];
  return { profile, obsoleteRefs };
}

/** The form that may leave core: each secret reduced to whether a readable value is stored. */
export function toPublic(profile: StoredProfile, vault: Vault): Profile {
  const out = clone(profile);
  for (const path of SECRET_FIELDS[profile.kind]) {
    const ref = getPath(profile, path) as SecretRef;
    setPath(out, path, { set: ref !== null && vault.has(ref.ref) });
  }
  return Profile.parse(out);
}

export function toExported(profile: StoredProfile, vault: Vault): ExportedProfile {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = toPublic(profile, vault);
  return ExportedProfile.parse(rest);
}

/** An imported profile becomes a draft with no secrets (an export never carries them). */
export function exportedToDraftJson(profile: ExportedProfile): Json {
  const out = clone(profile);
  for (const path of SECRET_FIELDS[profile.kind]) setPath(out, path, { action: 'keep' });
  return out;
}

/** Plain values for a saved profile. Missing or unreadable secrets become ''. */
export async function resolveStored(profile: StoredProfile, vault: Vault): Promise<ResolvedProfile> {
  const out = clone(profile);
  for (const path of SECRET_FIELDS[profile.kind]) {
    const ref = getPath(profile, path) as SecretRef;
    setPath(out, path, ref ? ((await vault.get(ref.ref)) ?? '') : '');
  }
  return ResolvedProfile.parse(out);
}

/** Plain values for a draft; `keep` takes the value stored for `base` (editing a saved profile), else ''. */
export async function resolveDraft(
  draft: ProfileDraft,
  base: StoredProfile | undefined,
  vault: Vault,
): Promise<ResolvedProfile> {
  const out = clone(draft);
  if (base) assertSecretsMayFollow(draft, base, keptSecrets(draft, base));
  for (const path of SECRET_FIELDS[draft.kind]) {
    const input = getPath(draft, path) as SecretInput;
    let value = '';
    if (input.action === 'set') value = input.value;
    else if (input.action === 'keep' && base) {
      const ref = getPath(base, path) as SecretRef | undefined;
      if (ref) value = (await vault.get(ref.ref)) ?? '';
    }
    setPath(out, path, value);
  }
  return ResolvedProfile.parse(out);
}

/** Every secret value of a resolved profile, for scrubbing messages. */
export function secretValues(profile: ResolvedProfile): string[] {
  return SECRET_FIELDS[profile.kind]
    .map((path) => getPath(profile, path))
    .filter((v): v is string => typeof v === 'string' && v !== '');
}
