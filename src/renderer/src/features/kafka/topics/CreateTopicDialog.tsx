import { useState, type ReactNode } from 'react';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { useToast } from '../../../ui/toast';
import { checkCreateForm, type CreateForm } from './logic';

export interface CreateTopicDialogProps {
  connectionId: string;
  brokerCount: number | null;
  onClose: () => void;
  onCreated: (name: string) => void;
}

/** Name, partitions, replication factor and optional configs, checked as you type; core checks again. */
export function CreateTopicDialog({
  connectionId,
  brokerCount,
  onClose,
  onCreated,
}: CreateTopicDialogProps): ReactNode {
  const toast = useToast();
  const [form, setForm] = useState<CreateForm>({
    name: '',
    partitions: '1',
    replicationFactor: String(Math.min(3, brokerCount ?? 1)),
    configs: '',
  });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const check = checkCreateForm(form, brokerCount);
  const show = (key: keyof CreateForm): string | undefined =>
    touched || form[key] !== '' ? check.errors[key] : undefined;
  const set = (key: keyof CreateForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (): Promise<void> => {
    setTouched(true);
    if (!check.request || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await client.invoke('kafka.topics.create', { connectionId, ...check.request });
      toast.push({
        tone: 'success',
        title: `Topic ${r.name} created`,
        message: `${r.partitions} partitions, replication factor ${r.replicationFactor}.`,
      });
      for (const w of r.warnings) toast.push({ tone: 'warning', title: 'Topic name', message: w });
      onCreated(r.name);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Create topic"
      onClose={onClose}
      testId="create-topic-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || (touched && !check.request)}
            onClick={() => void submit()}
          >
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <form
        className="kt-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field
          label="Name"
          error={show('name')}
          hint={check.warning ?? 'Letters, digits, ".", "_" and "-"; at most 249 characters.'}
        >
          {(c) => (
            <input
              {...c}
              className="input mono"
              value={form.name}
              onChange={(e) => set('name')(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              data-autofocus
            />
          )}
        </Field>
        <div className="kt-form-row">
          <Field label="Partitions" error={show('partitions')}>
            {(c) => (
              <input
                {...c}
                className="input"
                inputMode="numeric"
                value={form.partitions}
                onChange={(e) => set('partitions')(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Replication factor"
            error={show('replicationFactor')}
            hint={brokerCount !== null ? `${brokerCount} broker${brokerCount === 1 ? '' : 's'} available` : undefined}
          >
            {(c) => (
              <input
                {...c}
                className="input"
                inputMode="numeric"
                value={form.replicationFactor}
                onChange={(e) => set('replicationFactor')(e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field
          label="Configs (optional)"
          error={show('configs')}
          hint="One key=value per line, e.g. retention.ms=86400000 or cleanup.policy=compact."
        >
          {(c) => (
            <textarea
              {...c}
              className="textarea mono"
              rows={4}
              value={form.configs}
              onChange={(e) => set('configs')(e.target.value)}
              spellCheck={false}
            />
          )}
        </Field>
        <button type="submit" hidden />
      </form>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
    </Dialog>
  );
}
