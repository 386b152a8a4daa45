import { useState, type ReactNode } from 'react';
import type { Profile } from '../../../../shared/contract/connections';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { EnvBadge } from '../../ui/EnvBadge';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { IconPulse } from '../../ui/icons';
import { BundleImport } from './BundleImport';
import { formFromBundle } from './bundleForm';
import { GeneralFields, KindPicker } from './GeneralFields';
import { KindFields } from './KindFields';
import { ProbePanel } from './ProbePanel';
import { PresetPicker } from './PresetPicker';
import { KIND_LABEL, accentFor } from './profiles';
import { SshSection } from './SshSection';
import { TlsSection } from './TlsSection';
import { UriImport } from './UriImport';
import { useConnectionDialog, type DialogTarget } from './useConnectionDialog';

export interface ConnectionDialogProps {
  target: DialogTarget;
  onClose: () => void;
  onSaved: (profile: Profile, created: boolean) => void;
}

/** Create or edit a profile: per-kind fields, inline validation, URI import, staged test, save. */
export function ConnectionDialog({ target, onClose, onSaved }: ConnectionDialogProps): ReactNode {
  const d = useConnectionDialog(target);
  const { form } = d;
  const running = d.probe.view.phase === 'running';
  const [confirmDiscard, setConfirmDiscard] = useState(false);

  const close = (): void => {
    if (d.dirty && !confirmDiscard) {
      setConfirmDiscard(true);
      return;
    }
    d.probe.cancel();
    onClose();
  };

  const submit = async (consentGiven = false, writable?: string | null): Promise<void> => {
    const saved =
      writable !== undefined
        ? await d.answerWritable(writable)
        : consentGiven
          ? await d.answerConsent(true)
          : await d.save();
    if (saved) {
      d.probe.cancel();
      onSaved(saved, !d.editing);
    }
  };

  return (
    <Dialog
      size="lg"
      testId="connection-dialog"
      className="connection-dialog"
      title={
        d.editing ? (
          <>
            Edit connection <span className="dialog-title-sub">{d.editing.name}</span>
          </>
        ) : (
          'New connection'
        )
      }
      description={
        d.editing
          ? `${KIND_LABEL[form.kind]} · changes close the live client`
          : 'Choose the kind of server, fill in where it is, test, save.'
      }
      accent={accentFor(form)}
      onClose={close}
      footer={
        <>
          {running ? (
            <button type="button" className="btn" onClick={d.probe.cancel}>
              Cancel test
            </button>
          ) : (
            <button type="button" className="btn" onClick={d.test}>
              <IconPulse /> Test connection
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" form="connection-form" className="btn btn-primary" disabled={d.saving}>
            {d.saving ? 'Saving…' : d.editing ? 'Save changes' : 'Save'}
          </button>
        </>
      }
    >
      <form
        id="connection-form"
        className="connection-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {!d.editing ? <KindPicker value={form.kind} onChange={d.setKind} /> : null}
        {!d.editing ? <PresetPicker onApply={(preset) => d.set(preset.apply(form))} /> : null}
        <UriImport
          busy={d.uriBusy}
          error={d.uriError}
          warnings={d.uriWarnings}
          filled={d.uriFilled}
          onImport={(uri) => void d.importUri(uri)}
        />

        <h3 className="form-heading">
          General {form.environment !== 'dev' ? <EnvBadge env={form.environment} /> : null}
        </h3>
        <div className="form-grid">
          <GeneralFields form={form} set={d.set} errors={d.errors} groups={d.groups} />
        </div>

        <h3 className="form-heading">{KIND_LABEL[form.kind]} server</h3>
        {form.kind === 'cassandra' ? (
          <BundleImport name={form.name} onDraft={(draft) => d.set(formFromBundle(draft, form))} />
        ) : null}
        <div className="form-grid">
          <KindFields form={form} set={d.set} errors={d.errors} />
        </div>

        <h3 className="form-heading">TLS</h3>
        <TlsSection tls={form.tls} onChange={(tls) => d.set({ tls })} errors={d.errors} />

        <h3 className="form-heading">SSH tunnel</h3>
        <SshSection ssh={form.ssh} onChange={(ssh) => d.set({ ssh })} errors={d.errors} />
        {/* Lets Enter in a text field submit the form. */}
        <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
      </form>

      <div className="dialog-pinned">
        {d.saveError ? <ErrorBanner error={d.saveError} onDismiss={d.clearSaveError} /> : null}
        <ProbePanel view={d.probe.view} kind={form.kind} onCancel={d.probe.cancel} onTrustHostKey={d.trustKey} />
      </div>

      {confirmDiscard ? (
        <ConfirmDialog
          title="Discard your changes?"
          message={
            d.editing ? `Your changes to “${d.editing.name}” are not saved.` : 'This connection is not saved yet.'
          }
          confirmLabel="Discard"
          danger
          onConfirm={() => {
            d.probe.cancel();
            onClose();
          }}
          onCancel={() => setConfirmDiscard(false)}
        />
      ) : null}

      {d.askWritable && d.editing ? (
        <ConfirmDialog
          title="Make this connection writable?"
          message={
            <>
              <p>
                “{d.editing.name}” is read-only: Stackdeck refuses every change to its server. Writable lets edits,
                deletes and offset resets through.
              </p>
              {d.editing.environment === 'prod' ? <p className="muted">This is a production connection.</p> : null}
            </>
          }
          confirmLabel="Make writable"
          danger
          requireText={d.editing.name}
          onConfirm={() => void submit(false, d.editing?.name ?? null)}
          onCancel={() => void submit(false, null)}
        />
      ) : null}

      {d.consent ? (
        <ConfirmDialog
          title="Store secrets without an OS keyring?"
          message={
            <>
              <p>{d.consent.message}</p>
              <p className="muted">
                Secret store: <code>{d.consent.backend}</code>. If you do not agree, clear the secret fields and save
                the connection without them.
              </p>
            </>
          }
          confirmLabel="Store anyway"
          onConfirm={() => void submit(true)}
          onCancel={d.dismissConsent}
        />
      ) : null}
    </Dialog>
  );
}
