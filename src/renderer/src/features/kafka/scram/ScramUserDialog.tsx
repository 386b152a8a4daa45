import { useState, type ReactNode } from 'react';
import { SCRAM_ITERATIONS, ScramMechanism } from '../../../../../shared/contract/kafka/scram';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';

/**
 * Create a SCRAM user, or set a new password for one of its mechanisms. The
 * password is typed twice, sent once (core salts and hashes it; the broker
 * never returns it) and cleared from the form as soon as the call ends.
 */
export function ScramUserDialog({
  connectionId,
  existing,
  onClose,
  onDone,
}: {
  connectionId: string;
  /** Changing the password of this user and mechanism; undefined for a new user. */
  existing: { name: string; mechanism: ScramMechanism; iterations: number } | undefined;
  onClose: () => void;
  onDone: (message: string) => void;
}): ReactNode {
  const [name, setName] = useState(existing?.name ?? '');
  const [mechanism, setMechanism] = useState<ScramMechanism>(existing?.mechanism ?? 'SCRAM-SHA-512');
  const [iterations, setIterations] = useState(String(existing?.iterations ?? SCRAM_ITERATIONS.default));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const iter = Number(iterations);
  const problems = [
    name.trim() === '' ? 'Enter a user name.' : null,
    !Number.isInteger(iter) || iter < SCRAM_ITERATIONS.min || iter > SCRAM_ITERATIONS.max
      ? `Iterations are a whole number from ${SCRAM_ITERATIONS.min} to ${SCRAM_ITERATIONS.max}.`
      : null,
    password === '' ? 'Enter a password.' : null,
    password !== confirm ? 'The two passwords differ.' : null,
  ].filter((p): p is string => p !== null);

  const submit = async (): Promise<void> => {
    if (problems.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const out = await client.invoke('kafka.scram.users.upsert', {
        connectionId,
        name: name.trim(),
        mechanism,
        iterations: iter,
        password,
      });
      onDone(
        existing
          ? `Changed the ${out.mechanism} password of ${out.name}.`
          : `Created ${out.name} (${out.mechanism}, ${out.iterations} iterations).`,
      );
    } catch (e) {
      setError(e);
      setBusy(false);
    } finally {
      setPassword('');
      setConfirm('');
    }
  };

  return (
    <Dialog
      title={existing ? `Change password of ${existing.name}` : 'Create SCRAM user'}
      description="The password is salted and hashed before it is sent; it is never stored or shown by Stackdeck."
      onClose={onClose}
      testId="scram-user-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={problems.length > 0 || busy}
            onClick={() => void submit()}
          >
            {busy ? 'Saving…' : existing ? 'Change password' : 'Create user'}
          </button>
        </>
      }
    >
      <form
        className="form-grid kafka-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          User name
          <input
            value={name}
            disabled={existing !== undefined}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            data-autofocus
          />
        </label>
        <label>
          Mechanism
          <select
            value={mechanism}
            disabled={existing !== undefined}
            onChange={(e) => setMechanism(ScramMechanism.parse(e.target.value))}
          >
            {ScramMechanism.options.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Iterations
          <input inputMode="numeric" value={iterations} onChange={(e) => setIterations(e.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
          />
        </label>
        <label>
          Confirm password
          <input
            type="password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            autoComplete="new-password"
          />
        </label>
        <button type="submit" hidden />
      </form>
      <div className="kt-footnote" data-testid="scram-user-problems">
        {problems.length > 0 ? `Not yet valid: ${problems.join(' ')}` : ' '}
      </div>
      {error ? <ErrorBanner error={error} /> : null}
    </Dialog>
  );
}
