import { trustHostKey } from './sshForm';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Profile, ProfileKind, VaultStatus } from '../../../../shared/contract/connections';
import { client } from '../../api/client';
import { toShownError, type ShownError } from '../../ui/errors';
import { useConnections } from './context';
import {
  askSecretsAgain,
  emptyForm,
  SECRET_ENDPOINT_CHANGED,
  formFromDraft,
  formFromProfile,
  formToDraft,
  switchKind,
  type ConnectionForm,
  type FieldErrors,
} from './form';
import { validateForm } from './formValidation';
import { useProbe } from './useProbe';

/** Which fields a patch touches (so their errors start showing). */
function touchedKeys(patch: Partial<ConnectionForm>): string[] {
  return Object.keys(patch).flatMap((key) =>
    key === 'tls' ? ['tls.enabled', 'tls.ca', 'tls.cert', 'tls.key', 'tls.keyPassphrase', 'tls.serverName'] : [key],
  );
}

const setsASecret = (form: ConnectionForm): boolean =>
  [form.password, form.tls.key, form.tls.keyPassphrase].some((s) => s.mode === 'replace' && s.value !== '');

/** The desktop app's preload bridge is present (core confirms natively there). */
const inDesktop = (): boolean => typeof window !== 'undefined' && window.stackdeck !== undefined;

export interface DialogTarget {
  /** Editing this profile; absent for a new one. */
  profile?: Profile;
  kind?: ProfileKind;
}

/** State and actions of the connection dialog: form, validation, URI import, probe, save (with vault consent). */
export function useConnectionDialog(target: DialogTarget) {
  const connections = useConnections();
  const editing = target.profile;
  const [form, setForm] = useState<ConnectionForm>(() =>
    editing ? formFromProfile(editing) : emptyForm(target.kind ?? 'kafka'),
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ShownError | null>(null);
  const [uriBusy, setUriBusy] = useState(false);
  const [uriError, setUriError] = useState<ShownError | null>(null);
  const [uriWarnings, setUriWarnings] = useState<string[]>([]);
  const [uriFilled, setUriFilled] = useState(false);
  const [consent, setConsent] = useState<VaultStatus | null>(null);
  /** Asking the user to type the name before a read-only profile becomes writable (web mode). */
  const [askWritable, setAskWritable] = useState(false);
  const writableTyped = useRef<string | undefined>(undefined);
  /** A refusal to reuse a saved secret for another server: ask for it again (the message says why). */
  const askAgainIf = useCallback((error: ShownError | null) => {
    const fields = error?.detail?.reason === SECRET_ENDPOINT_CHANGED ? error.detail.fields : undefined;
    if (typeof fields === 'string') setForm((f) => askSecretsAgain(f, fields));
  }, []);
  const probe = useProbe({ onError: askAgainIf });

  const allErrors = useMemo(() => validateForm(form), [form]);
  const errors = useMemo<FieldErrors>(() => {
    if (showAll) return allErrors;
    const shown: FieldErrors = {};
    for (const [key, message] of Object.entries(allErrors)) if (touched.has(key)) shown[key] = message;
    return shown;
  }, [allErrors, showAll, touched]);
  const valid = Object.keys(allErrors).length === 0;

  const set = useCallback((patch: Partial<ConnectionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((t) => new Set([...t, ...touchedKeys(patch)]));
  }, []);

  const setKind = useCallback(
    (kind: ProfileKind) => {
      setForm((f) => switchKind(f, kind));
      probe.reset();
    },
    [probe],
  );

  const revealErrors = useCallback((): boolean => {
    setShowAll(true);
    if (!valid) {
      // Let React render the messages, then move focus to the first invalid control.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.dialog [aria-invalid="true"]')?.focus());
    }
    return valid;
  }, [valid]);

  const test = useCallback(() => {
    if (!revealErrors()) return;
    const draft = formToDraft(form);
    probe.run(editing ? { connectionId: editing.id, draft } : { draft });
  }, [revealErrors, form, probe, editing]);

  /** The user trusted the SSH host key the probe reported: remember it in the form and test again with it. */
  const trustKey = useCallback(
    (hop: 'bastion' | 'jump', fingerprint: string) => {
      const next = { ...form, ssh: trustHostKey(form.ssh, hop, fingerprint) };
      setForm(next);
      setTouched((t) => new Set([...t, 'ssh']));
      const draft = formToDraft(next);
      probe.run(editing ? { connectionId: editing.id, draft } : { draft });
    },
    [form, probe, editing],
  );

  const importUri = useCallback(
    async (uri: string) => {
      setUriBusy(true);
      setUriError(null);
      setUriWarnings([]);
      setUriFilled(false);
      try {
        // A new profile takes its kind from the URI's scheme; an edited one must keep its kind.
        const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(uri);
        const input = {
          uri,
          ...(editing || !hasScheme ? { kind: form.kind } : {}),
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
        };
        const result = await client.invoke('connections.profiles.parseUri', input);
        setForm((f) => formFromDraft(result.draft, f));
        setUriWarnings(result.warnings);
        setUriFilled(true);
        probe.reset();
      } catch (error) {
        setUriError(toShownError(error));
      } finally {
        setUriBusy(false);
      }
    },
    [form.kind, form.name, probe, editing],
  );

  /** Saves; resolves with the saved profile, or null when not saved (invalid, refused, or waiting for consent). */
  const save = useCallback(
    async (consentGiven = false): Promise<Profile | null> => {
      if (!revealErrors()) return null;
      setSaveError(null);
      // Core refuses read-only -> writable without a deliberate confirmation. The desktop app
      // asks natively (from core, through main); in web mode the user types the name here.
      if (editing?.readOnly && !form.readOnly && writableTyped.current === undefined && !inDesktop()) {
        setAskWritable(true);
        return null;
      }
      if (!consentGiven && setsASecret(form)) {
        try {
          const vault = await client.invoke('connections.vault.status', {});
          if (vault.needsConsent && vault.consent !== true) {
            setConsent(vault);
            return null;
          }
        } catch {
          // If the vault status cannot be read, saving will report the real problem.
        }
      }
      setSaving(true);
      try {
        const draft = formToDraft(form);
        const saved = editing
          ? await connections.update(editing.id, draft, editing.updatedAt, writableTyped.current)
          : await connections.create(draft);
        return saved;
      } catch (error) {
        const shown = toShownError(error);
        setSaveError(shown);
        askAgainIf(shown);
        return null;
      } finally {
        setSaving(false);
      }
    },
    [revealErrors, form, editing, connections, askAgainIf],
  );

  const answerConsent = useCallback(
    async (accept: boolean): Promise<Profile | null> => {
      setConsent(null);
      try {
        await client.invoke('connections.vault.consent', { accept });
      } catch (error) {
        setSaveError(toShownError(error));
        return null;
      }
      if (!accept) {
        setSaveError({
          code: 'CANCELLED',
          message:
            'Not saved: secrets cannot be stored without your consent. Clear the secret fields to save without them.',
        });
        return null;
      }
      return save(true);
    },
    [save],
  );

  const answerWritable = useCallback(
    (typed: string | null): Promise<Profile | null> => {
      setAskWritable(false);
      if (typed === null) return Promise.resolve(null);
      writableTyped.current = typed;
      return save();
    },
    [save],
  );

  const groups = useMemo(
    () => [...new Set(connections.profiles.map((p) => p.group).filter((g) => g !== ''))].sort(),
    [connections.profiles],
  );

  return {
    form,
    set,
    setKind,
    errors,
    valid,
    editing,
    groups,
    test,
    trustKey,
    probe,
    save,
    saving,
    saveError,
    clearSaveError: () => setSaveError(null),
    importUri,
    uriBusy,
    uriError,
    uriWarnings,
    uriFilled,
    /** The user changed something that closing would throw away. */
    dirty: touched.size > 0 || uriFilled,
    consent,
    answerConsent,
    askWritable,
    answerWritable,
    dismissConsent: () => setConsent(null),
  };
}
