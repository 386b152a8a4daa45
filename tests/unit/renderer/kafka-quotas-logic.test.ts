import { describe, expect, it } from 'vitest';
import { changeOf, entityOf, filterOf, valuesFormOf } from '../../../src/renderer/src/features/kafka/quotas/logic';

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
  });
});
