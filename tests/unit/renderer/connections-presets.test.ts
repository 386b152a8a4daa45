import { describe, expect, it } from 'vitest';
import { ProfileDraft } from '../../../src/shared/contract/connection-profiles';
import { formFromBundle } from '../../../src/renderer/src/features/connections/bundleForm';
import { emptyForm, formToDraft } from '../../../src/renderer/src/features/connections/form';
import { validateForm } from '../../../src/renderer/src/features/connections/formValidation';
import { PRESETS, presetById } from '../../../src/renderer/src/features/connections/presets';
import { isInsecure } from '../../../src/renderer/src/ui/InsecureBadge';

const byId = (id: string) => {
  const p = presetById(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

describe('cloud presets', () => {
  it('every preset turns TLS on against the system store, never skips verification, and names its secrets', () => {
    for (const preset of PRESETS) {
      const form = preset.apply(emptyForm('redis'));
      expect(form.tls, preset.id).toMatchObject({ enabled: true, insecureSkipVerify: false, ca: '' });
      expect(preset.secrets.length, preset.id).toBeGreaterThan(0);
      expect(isInsecure(form), preset.id).toBe(false);
    }
  });

  it('fills the options each service needs', () => {
    expect(byId('confluent-cloud').apply(emptyForm('redis'))).toMatchObject({ kind: 'kafka', saslMechanism: 'plain' });
    expect(byId('msk-scram').apply(emptyForm('redis'))).toMatchObject({
      kind: 'kafka',
      saslMechanism: 'scram-sha-512',
    });
    expect(byId('atlas').apply(emptyForm('redis'))).toMatchObject({
      kind: 'mongo',
      mongoMode: 'uri',
      authSource: 'admin',
    });
    expect(byId('aura').apply(emptyForm('redis'))).toMatchObject({ kind: 'neo4j', username: 'neo4j' });
    expect(byId('redis-cloud').apply(emptyForm('kafka'))).toMatchObject({ kind: 'redis', username: 'default' });
    // Astra: the user "token" (the password is an application token); the bundle fills the rest.
    expect(byId('astra').apply(emptyForm('redis'))).toMatchObject({ kind: 'cassandra', username: 'token', hosts: '' });
  });

  it('Amazon MSK (IAM) asks for the region, not for a secret, and drafts aws-msk-iam', () => {
    const form = {
      ...byId('msk-iam').apply(emptyForm('redis')),
      name: 'msk',
      hosts: 'b-1.x.kafka.eu-west-1.amazonaws.com:9098',
    };
    expect(form).toMatchObject({ kind: 'kafka', saslMechanism: 'aws-msk-iam' });
    expect(validateForm(form).awsRegion).toMatch(/AWS region/);
    const filled = { ...form, awsRegion: 'eu-west-1', awsProfile: 'prod' };
    expect(validateForm(filled)).toEqual({});
    expect(formToDraft(filled)).toMatchObject({
      kind: 'kafka',
      sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1', awsProfile: 'prod', username: '' },
      tls: { enabled: true },
    });
  });

  it('keeps the name, tags and environment the user already chose, and no secret', () => {
    const before = { ...emptyForm('redis'), name: 'prod stream', environment: 'prod' as const, group: 'Cloud' };
    before.password = { stored: false, mode: 'replace', value: 'typed-before' };
    const form = byId('confluent-cloud').apply(before);
    expect(form).toMatchObject({ name: 'prod stream', environment: 'prod', group: 'Cloud' });
    expect(form.password.value).toBe('');
  });

  it('leaves the endpoint empty, so the form asks for it instead of dialling a placeholder', () => {
    const form = { ...byId('confluent-cloud').apply(emptyForm('kafka')), name: 'x', username: 'KEY' };
    expect(validateForm(form).hosts).toBeDefined();
    const filled = { ...form, hosts: 'pkc-abc.eu-west-1.aws.confluent.cloud:9092' };
    expect(validateForm(filled)).toEqual({});
    expect(formToDraft(filled)).toMatchObject({ kind: 'kafka', sasl: { mechanism: 'plain' }, tls: { enabled: true } });
  });
});

describe('secure connect bundle import', () => {
  it('fills endpoint and TLS and keeps the user name already typed (a bundle carries no credentials)', () => {
    const typed = { ...emptyForm('cassandra'), name: 'bundle', username: 'app_user' };
    // What parseBundle returns: endpoint, data centre and TLS material, no credentials.
    const fromBundle = {
      ...emptyForm('cassandra'),
      name: 'bundle',
      hosts: 'db-1.example.com:29042',
      localDataCenter: 'eu-west-1',
      keyspace: 'ks',
      username: '',
    };
    const draft = ProfileDraft.parse(formToDraft(fromBundle));
    draft.tls.ca = 'CA';
    draft.tls.cert = 'CERT';
    expect(formFromBundle(draft, typed)).toMatchObject({
      kind: 'cassandra',
      username: 'app_user',
      hosts: 'db-1.example.com:29042',
      localDataCenter: 'eu-west-1',
      tls: { enabled: true, ca: 'CA', cert: 'CERT', insecureSkipVerify: false },
    });
  });
});

describe('the insecure marker', () => {
  it('is on only for TLS with verification skipped', () => {
    expect(isInsecure({ tls: { enabled: true, insecureSkipVerify: true } })).toBe(true);
    expect(isInsecure({ tls: { enabled: true, insecureSkipVerify: false } })).toBe(false);
    // The flag is meaningless (and not applied) with TLS off.
    expect(isInsecure({ tls: { enabled: false, insecureSkipVerify: true } })).toBe(false);
  });
});
