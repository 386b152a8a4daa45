import type { SecretCipher } from './cipher';
import type { LogSink } from './clients/kafka';
import { secretRefs } from './model';
import { ProfilesStore } from './profiles-store';
import { ClientRegistry } from './registry';
import { createConnectionsHandlers, type ConnectionsHandlers, type NativeConfirm } from './service';
import { Vault } from './vault';

export type { SecretCipher } from './cipher';
export { FileKeyCipher } from './cipher';
export { siblingClient as cassandraSiblingClient } from './clients/cassandra';
export type { ClientRegistry } from './registry';
export type {
  KafkaHandle,
  MongoHandle,
  CassandraHandle,
  Neo4jHandle,
  RedisHandle,
  ScopedHandle,
  ScopeEnd,
} from './handles';
export { connectionGone } from './handles';
export { Scope, bindScope, type Disposer } from '../rpc/scope';
export type { ConnectionsHandlers, NativeConfirm } from './service';

export interface ConnectionsAreaOptions {
  userDataDir: string;
  cipher: SecretCipher;
  /** Driver warnings (already free of secrets). Defaults to dropping them. */
  log?: LogSink;
  /**
   * A confirmation the user answers outside the renderer (the desktop's native
   * dialog, through main). When present, it is what allows a read-only profile
   * to become writable; without it (web mode) the typed `confirmWritable` is.
   */
  confirm?: NativeConfirm;
}

export interface ConnectionsArea {
  readonly name: 'connections';
  readonly handlers: ConnectionsHandlers;
  /** For the router's read-only guard. Unknown ids answer false; the handler then reports NOT_FOUND. */
  readonly readOnly: { isReadOnly(connectionId: string): Promise<boolean> };
  /** Typed access to live clients for the other areas. */
  readonly registry: ClientRegistry;
  /** Closes every client; ends status watchers. */
  dispose(): Promise<void>;
}

/** How often core looks whether another process changed the profiles file (a stat, no read). */
const PROFILES_RECHECK_MS = 2_000;

/** Loads profiles and vault, and wires the `connections.*` handlers. */
export async function createConnectionsArea(options: ConnectionsAreaOptions): Promise<ConnectionsArea> {
  const store = new ProfilesStore(options.userDataDir);
  const vault = new Vault(options.userDataDir, options.cipher);
  await store.load();
  await vault.load();
  // Sweep secrets no profile refers to, but only when the profile list is trustworthy:
  // with a damaged or newer profiles file the "unreferenced" secrets may belong to
  // profiles we could not read.
  // Under the profiles lock: another core on this directory may be between saving a secret and its profile.
  if (store.issues().length === 0 && vault.getIssues().length === 0) {
    await store.locked(() => vault.retainOnly(new Set(store.list().flatMap(secretRefs)))).catch(() => undefined);
  }

  const registry = new ClientRegistry({ store, vault, ...(options.log ? { log: options.log } : {}) });
  const cleanups = new Set<() => void>();
  // Another core on this directory (desktop and web mode share it) edited or deleted a profile:
  // its live client and streams end as for an edit here. Not awaited: the store calls this
  // under its lock, and closing a client must not wait on that lock.
  cleanups.add(
    store.onChange(({ changed, removed }) => {
      for (const id of changed) void registry.invalidate(id).catch(() => undefined);
      for (const id of removed) void registry.invalidate(id, true).catch(() => undefined);
    }),
  );
  // The file is looked at on every list and get; this also catches a change while nobody lists.
  const watch = setInterval(() => void store.reloadIfChanged().catch(() => undefined), PROFILES_RECHECK_MS);
  watch.unref();
  cleanups.add(() => clearInterval(watch));
  const handlers = createConnectionsHandlers({
    store,
    vault,
    registry,
    ...(options.confirm ? { confirm: options.confirm } : {}),
    onDispose: (fn) => {
      cleanups.add(fn);
      return () => cleanups.delete(fn);
    },
  });

  return {
    name: 'connections',
    handlers,
    readOnly: { isReadOnly: async (id) => store.get(id)?.readOnly ?? false },
    registry,
    async dispose() {
      for (const fn of cleanups) fn();
      cleanups.clear();
      await registry.disposeAll();
    },
  };
}
