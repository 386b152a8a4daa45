import { describe, expect, it } from 'vitest';
import { LOCAL_STACK_DRAFTS, Profile, ProfileDraft, type ProbeEvent } from '../../../src/shared/contract/connections';
import { StackdeckError } from '../../../src/shared/errors';
import {
  askSecretsAgain,
  emptyForm,
  formFromDraft,
  formFromProfile,
  formToDraft,
  secretInput,
  switchKind,
} from '../../../src/renderer/src/features/connections/form';
import { validateForm } from '../../../src/renderer/src/features/connections/formValidation';
import {
  adviceFor,
  failedStage,
  idleProbe,
  probeReducer,
  type ProbeView,
} from '../../../src/renderer/src/features/connections/probe';
import { codePhrase, formatMs } from '../../../src/renderer/src/features/connections/probeText';
import {
  accentFor,
  dotState,
  endpointSummary,
  groupProfiles,
  uniqueName,
} from '../../../src/renderer/src/features/connections/profiles';
import { exportFileName, parseExportText } from '../../../src/renderer/src/features/connections/transfer';
import { errorTitle, toShownError } from '../../../src/renderer/src/ui/errors';

const stamp = { createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' };
const unset = { password: { set: false }, privateKey: { set: false }, passphrase: { set: false } };
const noSsh = { ...unset, jump: unset };
const profile = (over: Record<string, unknown>): Profile =>
  Profile.parse({
    id: 'p1',
    kind: 'redis',
    name: 'Redis',
    host: '127.0.0.1',
    password: { set: false },
    tls: { key: { set: false }, keyPassphrase: { set: false } },
    ssh: noSsh,
    ...stamp,
    ...over,
  });

describe('connection form', () => {
  it('turns every local-stack draft into a valid form and back', () => {
    for (const draft of LOCAL_STACK_DRAFTS) {
      const parsed = ProfileDraft.parse(draft);
      const form = formFromDraft(parsed, emptyForm(parsed.kind));
      expect(validateForm(form)).toEqual({});
      const round = ProfileDraft.parse(formToDraft(form));
      expect(round.kind).toBe(parsed.kind);
      expect(round.name).toBe(parsed.name);
    }
  });

  it('keeps a Redis Cluster with its seed nodes, on database 0, and names a bad seed', () => {
    const form = {
      ...emptyForm('redis'),
      name: 'c',
      port: '7001',
      db: '3',
      redisCluster: true,
      hosts: '127.0.0.1:7002\n127.0.0.1:7003',
    };
    const draft = ProfileDraft.parse(formToDraft(form));
    expect(draft).toMatchObject({
      kind: 'redis',
      port: 7001,
      db: 0,
      cluster: true,
      seeds: ['127.0.0.1:7002', '127.0.0.1:7003'],
    });
    const back = formFromDraft(draft, emptyForm('redis'));
    expect(back).toMatchObject({ redisCluster: true, hosts: '127.0.0.1:7002\n127.0.0.1:7003' });
    expect(validateForm({ ...form, hosts: 'not a host:99999999' }).hosts).toBeDefined();
    // Unticked, the seeds are not sent.
    expect(ProfileDraft.parse(formToDraft({ ...form, redisCluster: false }))).toMatchObject({
      cluster: false,
      seeds: [],
      db: 3,
    });
  });

  it('validates with the contract schema and maps issues to fields', () => {
    const form = { ...emptyForm('kafka'), name: '', hosts: 'not a host!' };
    const errors = validateForm(form);
    expect(errors.name).toBe('Required.');
    expect(errors.hosts).toMatch(/host/i);
    expect(validateForm({ ...emptyForm('kafka'), name: 'k', hosts: '  ' }).hosts).toBe('Add at least one host:port.');
    const redis = { ...emptyForm('redis'), name: 'r', port: '70000', db: 'x' };
    expect(validateForm(redis)).toMatchObject({
      port: 'Enter a port between 1 and 65535.',
      db: 'Enter a database number (0 or more).',
    });
    expect(validateForm({ ...emptyForm('neo4j'), name: 'n', neo4jUri: 'http://x' }).neo4jUri).toMatch(/bolt/);
    expect(validateForm({ ...emptyForm('kafka'), name: 'k', saslMechanism: 'plain' }).username).toBe(
      'SASL needs a username.',
    );
  });

  it('splits host lists on commas, spaces and new lines', () => {
    const draft = ProfileDraft.parse(formToDraft({ ...emptyForm('kafka'), name: 'k', hosts: 'a:1, b:2\nc:3' }));
    expect(draft.kind === 'kafka' && draft.brokers).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it('treats secrets as write-only: keep, replace or clear a stored one; set or nothing for a new one', () => {
    expect(secretInput({ stored: true, mode: 'keep', value: '' })).toEqual({ action: 'keep' });
    expect(secretInput({ stored: true, mode: 'clear', value: '' })).toEqual({ action: 'clear' });
    expect(secretInput({ stored: true, mode: 'replace', value: 's3' })).toEqual({ action: 'set', value: 's3' });
    expect(secretInput({ stored: false, mode: 'replace', value: '' })).toEqual({ action: 'keep' });
    expect(secretInput({ stored: false, mode: 'replace', value: 'pw' })).toEqual({ action: 'set', value: 'pw' });
    const stored = formFromProfile(profile({ password: { set: true } }));
    expect(stored.password).toEqual({ stored: true, mode: 'keep', value: '' });
    expect(validateForm({ ...stored, password: { stored: true, mode: 'replace', value: '' } }).password).toMatch(
      /Keep/,
    );
  });

  it('edits a saved profile without losing anything', () => {
    const p = profile({
      kind: 'redis',
      name: 'Cache',
      host: 'cache.internal',
      port: 6380,
      db: 2,
      username: 'app',
      environment: 'prod',
      color: 'red',
      group: 'Prod',
    });
    const draft = ProfileDraft.parse(formToDraft(formFromProfile(p)));
    expect(draft).toMatchObject({
      kind: 'redis',
      name: 'Cache',
      host: 'cache.internal',
      port: 6380,
      db: 2,
      username: 'app',
      environment: 'prod',
      color: 'red',
      group: 'Prod',
      password: { action: 'keep' },
    });
  });

  it('keeps name and credentials when switching kind, resets the rest', () => {
    const form = { ...emptyForm('redis'), name: 'x', username: 'u', host: 'h' };
    const next = switchKind(form, 'cassandra');
    expect(next).toMatchObject({
      kind: 'cassandra',
      name: 'x',
      username: 'u',
      hosts: '127.0.0.1:9042',
      localDataCenter: 'datacenter1',
    });
  });

  it('fills the form from a parsed URI, with the URI password as a value to set', () => {
    const draft = ProfileDraft.parse({
      kind: 'redis',
      name: 'From URI',
      host: 'h',
      port: 6390,
      password: { action: 'set', value: 'pw' },
    });
    const form = formFromDraft(draft, emptyForm('kafka'));
    expect(form).toMatchObject({
      kind: 'redis',
      name: 'From URI',
      host: 'h',
      port: '6390',
      password: { mode: 'replace', value: 'pw' },
    });
    expect(formFromDraft(draft, { ...emptyForm('redis'), name: 'Mine' }).name).toBe('Mine');
  });
});

describe('a saved secret refused for a changed endpoint', () => {
  it('asks for exactly the refused secrets again, so Keep is no longer sent', () => {
    const base = emptyForm('redis');
    const stored = { stored: true, mode: 'keep' as const, value: '' };
    const form = { ...base, password: stored, tls: { ...base.tls, enabled: true, key: stored, keyPassphrase: stored } };
    const again = askSecretsAgain(form, 'password,tls.key');
    expect(again.password).toEqual({ stored: true, mode: 'replace', value: '' });
    expect(again.tls.key.mode).toBe('replace');
    expect(again.tls.keyPassphrase.mode).toBe('keep');
    expect(validateForm(again).password).toMatch(/Enter the new value/);
    expect(askSecretsAgain({ ...form, kind: 'kafka' }, 'sasl.password').password.mode).toBe('replace');
  });
});

describe('probe view', () => {
  const stage = (s: Partial<Extract<ProbeEvent, { type: 'stage' }>>): ProbeEvent => ({
    type: 'stage',
    stage: 'dns',
    status: 'ok',
    elapsedMs: 1,
    code: null,
    errorCode: null,
    message: '',
    ...s,
  });

  it('tracks stages, highlights the failure, and marks unreported stages skipped', () => {
    let v: ProbeView = probeReducer(idleProbe, { type: 'start', at: 0 });
    v = probeReducer(v, { type: 'event', event: stage({ stage: 'dns', status: 'ok', elapsedMs: 2 }) });
    v = probeReducer(v, { type: 'event', event: stage({ stage: 'tcp', status: 'running' }) });
    v = probeReducer(v, {
      type: 'event',
      event: stage({
        stage: 'tcp',
        status: 'failed',
        elapsedMs: 3,
        code: 'ECONNREFUSED',
        errorCode: 'UNREACHABLE',
        message: 'refused',
      }),
    });
    v = probeReducer(v, {
      type: 'event',
      event: { type: 'done', ok: false, failedStage: 'tcp', elapsedMs: 6, serverVersion: null, warnings: [] },
    });
    expect(v.phase).toBe('done');
    expect(v.stages.map((s) => s.status)).toEqual(['ok', 'failed', 'skipped', 'skipped', 'skipped']);
    const failed = failedStage(v);
    expect(failed?.name).toBe('tcp');
    expect(failed && codePhrase(failed)).toBe('connection refused');
    expect(failed && adviceFor(failed, 'redis')).toMatch(/running and listening/);
  });

  it('cancel stops running stages and ignores late events', () => {
    let v = probeReducer(idleProbe, { type: 'start', at: 0 });
    v = probeReducer(v, { type: 'event', event: stage({ stage: 'dns', status: 'running' }) });
    v = probeReducer(v, { type: 'cancel' });
    expect(v.phase).toBe('cancelled');
    expect(v.stages[0]?.status).toBe('cancelled');
    expect(probeReducer(v, { type: 'event', event: stage({ stage: 'dns', status: 'ok' }) })).toBe(v);
  });

  it('gives advice per stage and formats times', () => {
    const auth = {
      name: 'auth' as const,
      status: 'failed' as const,
      elapsedMs: 1,
      code: 'AUTH_FAILED',
      errorCode: 'AUTH_FAILED',
      message: '',
    };
    expect(adviceFor(auth, 'mongo')).toMatch(/authSource/);
    expect(codePhrase(auth)).toBe('authentication failed');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1234)).toBe('1.23 s');
  });
});

describe('profiles presentation', () => {
  it('groups named groups first, ungrouped last, names sorted naturally', () => {
    const list = [
      profile({ id: 'a', name: 'b10', group: '' }),
      profile({ id: 'b', name: 'b9', group: '' }),
      profile({ id: 'c', name: 'x', group: 'Zeta' }),
      profile({ id: 'd', name: 'y', group: 'Alpha' }),
    ];
    const groups = groupProfiles(list);
    expect(groups.map((g) => g.name)).toEqual(['Alpha', 'Zeta', '']);
    expect(groups[2]?.profiles.map((p) => p.name)).toEqual(['b9', 'b10']);
  });

  it('summarises endpoints, colours prod only, maps states to dots', () => {
    expect(endpointSummary(profile({ port: 6380, db: 3 }))).toBe('127.0.0.1:6380/3');
    expect(accentFor(profile({ environment: 'prod', color: 'red' }))).toBe('var(--tag-red)');
    expect(accentFor(profile({ environment: 'staging', color: 'red' }))).toBeUndefined();
    expect(dotState('connected')).toBe('ok');
    expect(dotState(undefined)).toBe('idle');
    expect(uniqueName('Local Kafka', ['local kafka', 'Local Kafka (2)'])).toBe('Local Kafka (3)');
  });
});

describe('export files and errors', () => {
  it('accepts a Stackdeck export and explains anything else', () => {
    const doc = { format: 'stackdeck-profiles', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', profiles: [] };
    expect(parseExportText(JSON.stringify(doc)).ok).toBe(true);
    const bad = parseExportText('{nope');
    expect(bad.ok || bad.message).toMatch(/not JSON/);
    const wrong = parseExportText('{"format":"other"}');
    expect(wrong.ok || wrong.message).toMatch(/not a Stackdeck profiles export/);
    expect(exportFileName(new Date('2025-02-03T04:05:06Z'))).toBe('stackdeck-profiles-2025-02-03-04-05-06.json');
  });

  it('shows any thrown value as a code and a message', () => {
    expect(toShownError(new StackdeckError('AUTH_FAILED', 'Wrong password.'))).toEqual({
      code: 'AUTH_FAILED',
      message: 'Wrong password.',
    });
    expect(toShownError({ code: 'INVALID_INPUT', message: 'Bad', detail: { option: 'ssl', nested: {} } })).toEqual({
      code: 'INVALID_INPUT',
      message: 'Bad',
      detail: { option: 'ssl' },
    });
    expect(toShownError({ code: 'WHAT', message: '' })).toEqual({ code: 'UNKNOWN', message: 'Something went wrong.' });
    expect(errorTitle('UNREACHABLE')).toBe('Server unreachable');
  });
});
