import { describe, expect, it } from 'vitest';
import {
  changeOf,
  entityOf,
  filterOf,
  ipEntityOf,
  kindOf,
  valuesFormOf,
} from '../../../src/renderer/src/features/kafka/quotas/logic';

describe('quota edit form', () => {
  const entity = entityOf({ mode: 'name', name: 'alice' }, { mode: 'default', name: '' });

  it('builds the entity, with <default> as null', () => {
    expect(entity).toEqual({ user: 'alice', clientId: null });
    expect(entityOf({ mode: 'none', name: 'x' }, { mode: 'name', name: 'app' })).toEqual({ clientId: 'app' });
  });

  it('lists exactly what is set and removed; unchanged fields are not sent', () => {
    const current = { producer_byte_rate: 1024, request_percentage: 25, consumer_byte_rate: 10 };
    const form = {
      ...valuesFormOf(current),
      producer_byte_rate: '2048',
      request_percentage: '',
      controller_mutation_rate: '5',
    };
    const change = changeOf(entity, current, form);
    expect(change.lines).toEqual([
      'Set producer_byte_rate = 2048 (was 1024)',
      'Remove request_percentage (was 25)',
      'Set controller_mutation_rate = 5',
    ]);
    expect(change.result).toEqual({
      ok: true,
      alteration: {
        entity,
        set: { producer_byte_rate: 2048, controller_mutation_rate: 5 },
        remove: ['request_percentage'],
      },
    });
  });

  it('refuses what the contract refuses, with its words', () => {
    const bad = (field: string, value: string): string[] => {
      const r = changeOf(entity, {}, { ...valuesFormOf({}), [field]: value }).result;
      return r.ok ? [] : r.problems;
    };
    expect(bad('producer_byte_rate', '1.5').join(' ')).toMatch(/whole number/);
    expect(bad('request_percentage', '0').join(' ')).toMatch(/greater than 0/);
    expect(bad('request_percentage', 'abc').join(' ')).toMatch(/number/);
    expect(changeOf(entity, {}, valuesFormOf({})).result).toMatchObject({ ok: false });
  });
});

describe('quota filter form', () => {
  it('maps type, match and name onto the contract filter', () => {
    expect(filterOf({ type: 'all', match: 'exact', name: 'x' })).toEqual({ strict: false });
    expect(filterOf({ type: 'user', match: 'exact', name: ' bob ' })).toEqual({
      user: { match: 'exact', name: 'bob' },
      strict: false,
    });
    expect(filterOf({ type: 'client-id', match: 'default', name: '' })).toEqual({
      clientId: { match: 'default' },
      strict: false,
    });
    expect(filterOf({ type: 'ip', match: 'exact', name: ' 192.0.2.1 ' })).toEqual({
      ip: { match: 'exact', name: '192.0.2.1' },
      strict: false,
    });
  });
});

describe('IP quota form', () => {
  it('builds an IP entity (trimmed, <default> as null) and only sends the IP key', () => {
    const ip = ipEntityOf({ mode: 'name', name: ' 192.0.2.7 ' });
    expect(ip).toEqual({ ip: '192.0.2.7' });
    expect(ipEntityOf({ mode: 'default', name: '' })).toEqual({ ip: null });
    expect(kindOf(ip)).toBe('ip');
    expect(kindOf({ user: 'a' })).toBe('client');
    // A value left in a client field is not sent for an IP entity.
    const form = { ...valuesFormOf({}), connection_creation_rate: '15', producer_byte_rate: '100' };
    const change = changeOf(ip, {}, form);
    expect(change.lines).toEqual(['Set connection_creation_rate = 15']);
    expect(change.result).toEqual({
      ok: true,
      alteration: { entity: ip, set: { connection_creation_rate: 15 }, remove: [] },
    });
  });

  it("refuses a bad address and a fractional rate with the contract's words", () => {
    const problems = (name: string, rate: string): string => {
      const r = changeOf(
        ipEntityOf({ mode: 'name', name }),
        {},
        { ...valuesFormOf({}), connection_creation_rate: rate },
      ).result;
      return r.ok ? '' : r.problems.join(' ');
    };
    expect(problems('not-an-ip', '5')).toMatch(/IPv4 or IPv6 address/);
    expect(problems('192.0.2.7', '1.5')).toMatch(/whole number of connections/);
    expect(problems('2001:db8::1', '5')).toBe('');
    // A user entity's form never sends connection_creation_rate (the contract refuses it there too).
    const user = changeOf(
      entityOf({ mode: 'name', name: 'u' }, { mode: 'none', name: '' }),
      {},
      {
        ...valuesFormOf({}),
        connection_creation_rate: '5',
      },
    );
    expect(user.lines).toEqual([]);
    expect(user.result).toMatchObject({ ok: false });
  });
});
