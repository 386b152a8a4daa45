import { useState, type ReactNode } from 'react';
import type { ProfileDraft } from '../../../../shared/contract/connections';
import { client } from '../../api/client';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { toShownError, type ShownError } from '../../ui/errors';
import { IconAlert, IconCheckCircle, IconUpload } from '../../ui/icons';

/** A bundle is a few KB; core refuses more than 1 MiB too. */
const MAX_BYTES = 1024 * 1024;

export interface BundleImportProps {
  name: string;
  onDraft: (draft: ProfileDraft) => void;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** "Import secure connect bundle": a Cassandra bundle zip fills contact point, data centre and mutual TLS. */
export function BundleImport({ name, onDraft }: BundleImportProps): ReactNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [filled, setFilled] = useState(false);

  const read = async (file: File): Promise<void> => {
    setError(null);
    setWarnings([]);
    setFilled(false);
    if (file.size > MAX_BYTES) {
      setError({ code: 'INVALID_INPUT', message: `${file.name} is larger than 1 MiB: not a secure connect bundle.` });
      return;
    }
    setBusy(true);
    try {
      const bundleBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      const result = await client.invoke('connections.profiles.parseBundle', {
        bundleBase64,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      onDraft(result.draft);
      setWarnings(result.warnings);
      setFilled(true);
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bundle-import" data-testid="bundle-import">
      <label className="btn btn-sm btn-ghost">
        <IconUpload /> {busy ? 'Reading bundle…' : 'Import secure connect bundle (.zip)…'}
        <input
          type="file"
          accept=".zip,application/zip"
          hidden
          aria-label="Secure connect bundle"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void read(file);
          }}
        />
      </label>
      {error ? <ErrorBanner error={error} /> : null}
      {filled && !error ? (
        <p className="uri-filled" role="status" data-testid="bundle-filled">
          <IconCheckCircle size={14} /> Filled in from the bundle: contact point, data centre, CA, client certificate
          and key (the key goes to the secret store when you save). Add the user name and password or token.
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="uri-warnings">
          {warnings.map((w) => (
            <li key={w}>
              <IconAlert size={14} /> {w}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
