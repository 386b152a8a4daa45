/**
 * The Schema Registry fields of the Kafka connection form: into the draft core
 * parses, back from a saved profile, a scheme not chosen clears its stored
 * secret, and a bad URL lands on the URL field.
 */
import { describe, expect, it } from 'vitest';
import { Profile, ProfileDraft } from '../../../../src/shared/contract/connections';
import {
  askSecretsAgain,
  emptyForm,
  formFromProfile,
  formToDraft,
} from '../../../../src/renderer/src/features/connections/form';
import { validateForm } from '../../../../src/renderer/src/features/connections/formValidation';

const unset = { password: { set: false }, privateKey: { set: false }, passphrase: { set: false } };
const base = { ...emptyForm('kafka'), name: 'k' };
const URL_ = 'http://127.0.0.1:8081/apis/ccompat/v7';

describe('Schema Registry connection fields', () => {
  it('sends basic auth with its password, and no token', () => {
    const form = {
      ...base,
      registryUrl: ` ${URL_} `,
      registryAuth: 'basic' as const,
      registryUsername: 'ops',
      registryPassword: { stored: false, mode: 'replace' as const, value: 'pw' },
      registryToken: { stored: false, mode: 'replace' as const, value: 'ignored' },
    };
    expect(validateForm(form)).toEqual({});
    const draft = ProfileDraft.parse(formToDraft(form));
    expect(draft.kind === 'kafka' && draft.schemaRegistry).toEqual({
      url: URL_,
      auth: 'basic',
      username: 'ops',
      password: { action: 'set', value: 'pw' },
      token: { action: 'keep' },
    });
  });

  it('reads a saved profile back, and switching to bearer clears the stored password', () => {
    const profile = Profile.parse({
      ...ProfileDraft.parse({ kind: 'kafka', name: 'k', brokers: ['127.0.0.1:9192'] }),
      id: 'p1',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      sasl: { mechanism: 'none', password: { set: false } },
      tls: { key: { set: false }, keyPassphrase: { set: false } },
      connect: { password: { set: false } },
      schemaRegistry: { url: URL_, auth: 'basic', username: 'ops', password: { set: true }, token: { set: false } },
      ssh: { ...unset, jump: unset },
    });
    const form = formFromProfile(profile);
    expect(form).toMatchObject({ registryUrl: URL_, registryAuth: 'basic', registryUsername: 'ops' });
    expect(form.registryPassword).toMatchObject({ stored: true, mode: 'keep' });
    const bearer = {
      ...form,
      registryAuth: 'bearer' as const,
      registryToken: { stored: false, mode: 'replace' as const, value: 'tok' },
    };
    const draft = ProfileDraft.parse(formToDraft(bearer));
    expect(draft.kind === 'kafka' && draft.schemaRegistry).toMatchObject({
      auth: 'bearer',
      username: '',
      password: { action: 'clear' },
      token: { action: 'set', value: 'tok' },
    });
    // Core refused the kept password for a changed URL: the form asks for it again.
    expect(askSecretsAgain(form, 'schemaRegistry.password').registryPassword).toMatchObject({ mode: 'replace' });
  });

  it('puts a URL with credentials on the URL field', () => {
    const errors = validateForm({ ...base, registryUrl: 'http://user:pw@registry:8081' });
    expect(errors.registryUrl).toMatch(/Schema Registry/);
  });
});
