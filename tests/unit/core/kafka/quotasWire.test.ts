import { describe, expect, it } from 'vitest';
import { Reader, Writer } from '../../../../src/core/kafka/protocol/codec';
import { AlterClientQuotasApi, DescribeClientQuotasApi } from '../../../../src/core/kafka/quotas/wire';

/**
 * The byte layout of DescribeClientQuotas / AlterClientQuotas in both the
 * classic (v0) and flexible (v1) encodings, written out by hand from Kafka's
 * JSON schemas; the round trip against a real broker is
 * tests/integration/kafka/quotas.test.ts.
 */

const hex = (w: Writer): string => w.encoder.buffer.toString('hex');

describe('DescribeClientQuotas', () => {
  it('encodes a filter in v0 (INT16 strings, INT32 arrays) and v1 (compact, tagged)', () => {
    const input = { components: [{ entityType: 'user', matchType: 1, match: null }], strict: true };
    const v0 = new Writer(false);
    DescribeClientQuotasApi.encode(v0, 0, input);
    // array len 1 | "user" | match type 1 | null string | strict
    expect(hex(v0)).toBe('00000001' + '0004' + Buffer.from('user').toString('hex') + '01' + 'ffff' + '01');
    const v1 = new Writer(true);
    DescribeClientQuotasApi.encode(v1, 1, input);
    expect(hex(v1)).toBe('02' + '05' + Buffer.from('user').toString('hex') + '01' + '00' + '00' + '01' + '00');
  });

  it('decodes entries with a default (null) name and FLOAT64 values, in both encodings', () => {
    for (const flexible of [false, true]) {
      const w = new Writer(flexible);
      w.int32(0).int16(0).nullableString(null);
      w.array([0], (e) => {
        e.array(
          [
            ['user', 'alice'],
            ['client-id', null],
          ] as const,
          (c, [t, n]) => c.string(t).nullableString(n).tags(),
        );
        e.array([['request_percentage', 12.5]] as const, (v, [k, x]) => v.string(k).float64(x).tags());
        e.tags();
      });
      w.tags();
      const out = DescribeClientQuotasApi.decode(new Reader(w.encoder.buffer, flexible), flexible ? 1 : 0);
      expect(out).toEqual({
        code: 0,
        message: null,
        entries: [
          {
            entity: [
              { entityType: 'user', entityName: 'alice' },
              { entityType: 'client-id', entityName: null },
            ],
            values: [{ key: 'request_percentage', value: 12.5 }],
          },
        ],
      });
    }
  });
});

describe('AlterClientQuotas', () => {
  it('encodes set and remove ops with validate_only (v1)', () => {
    const w = new Writer(true);
    AlterClientQuotasApi.encode(w, 1, {
      entries: [
        {
          entity: [{ entityType: 'user', entityName: null }],
          ops: [
            { key: 'producer_byte_rate', value: 1024, remove: false },
            { key: 'request_percentage', value: 0, remove: true },
          ],
        },
      ],
      validateOnly: true,
    });
    const s = (x: string): string => (x.length + 1).toString(16).padStart(2, '0') + Buffer.from(x).toString('hex');
    const f64 = (x: number): string => {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(x);
      return b.toString('hex');
    };
    expect(hex(w)).toBe(
      '02' +
        ('02' + s('user') + '00' + '00') +
        ('03' + s('producer_byte_rate') + f64(1024) + '00' + '00' + s('request_percentage') + f64(0) + '01' + '00') +
        '00' +
        '01' +
        '00',
    );
  });

  it('decodes per-entity results (v0)', () => {
    const w = new Writer(false);
    w.int32(0);
    w.array([0], (e) => {
      e.int16(42).nullableString('Quota request_percentage must be greater than 0');
      e.array([0], (c) => c.string('user').nullableString('bob'));
    });
    expect(AlterClientQuotasApi.decode(new Reader(w.encoder.buffer, false), 0)).toEqual([
      {
        code: 42,
        message: 'Quota request_percentage must be greater than 0',
        entity: [{ entityType: 'user', entityName: 'bob' }],
      },
    ]);
  });
});
