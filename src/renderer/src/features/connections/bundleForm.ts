import type { ProfileDraft } from '../../../../shared/contract/connections';
import { formFromDraft, type ConnectionForm } from './form';

/**
 * Fills the form from a secure connect bundle's draft (`connections.profiles.parseBundle`):
 * what a URI import fills, plus the bundle's CA, client certificate and key. The
 * key is a secret to set, so saving sends it to the vault. A bundle carries no
 * credentials, so the user name typed or already typed stays.
 */
export function formFromBundle(draft: ProfileDraft, current: ConnectionForm): ConnectionForm {
  const form = formFromDraft(draft, current);
  const key = draft.tls.key;
  return {
    ...form,
    username: draft.kind === 'cassandra' && draft.username === '' ? current.username : form.username,
    tls: {
      ...form.tls,
      enabled: true,
      ca: draft.tls.ca,
      cert: draft.tls.cert,
      key: key.action === 'set' ? { stored: false, mode: 'replace', value: key.value } : form.tls.key,
      insecureSkipVerify: false,
    },
  };
}
