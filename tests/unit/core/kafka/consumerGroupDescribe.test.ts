import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError, Reader, Writer } from '../../../../src/core/kafka/protocol/codec';
import { ConsumerGroupDescribeApi } from '../../../../src/core/kafka/groups/wire/consumerGroupApis';
import { ListGroupsApi } from '../../../../src/core/kafka/groups/wire/groupApis';

/** A ConsumerGroupDescribe v1 response with one group and one member, laid out as the 4.4 schema says. */
function response(): Buffer {
  const w = new Writer(true);
  const assignment = (x: Writer, parts: number[]): void => {
    x.array([parts], (y, ps) => {
      y.int64(7).int64(7); // topic id (16 bytes)
      y.string('orders');
      y.array(ps, (z, p) => z.int32(p));
      y.tags();
    });
    x.tags();
  };
  w.int32(0); // throttle
  w.array([0], (g) => {
    g.int16(0).nullableString(null).string('g1').string('Stable').int32(4).int32(3).string('uniform');
    g.array([0], (m) => {
      m.string('member-a')
        .nullableString('inst-1')
        .nullableString(null)
        .int32(4)
        .string('client-a')
        .string('/127.0.0.1');
      m.array(['orders'], (s, t) => s.string(t));
      m.nullableString(null);
      assignment(m, [2, 0]);
      assignment(m, [0, 1, 2]);
      m.int8(1); // member type (v1)
      m.tags();
    });
    g.int32(-2147483648);
    g.tags();
  });
  w.tags();
  return w.encoder.buffer;
}

describe('ConsumerGroupDescribe decoding', () => {
  it('reads state, epochs, assignor and each member with current and target assignment (sorted)', () => {
    const [g] = ConsumerGroupDescribeApi.decode(new Reader(response(), true), 1);
    expect(g).toEqual({
      errorCode: 0,
      errorMessage: null,
      groupId: 'g1',
      state: 'Stable',
      groupEpoch: 4,
      assignmentEpoch: 3,
      assignor: 'uniform',
      members: [
        {
          memberId: 'member-a',
          instanceId: 'inst-1',
          rackId: null,
          memberEpoch: 4,
          clientId: 'client-a',
          clientHost: '/127.0.0.1',
          subscribedTopicNames: ['orders'],
          subscribedTopicRegex: null,
          assignment: [{ topic: 'orders', partitions: [0, 2] }],
          targetAssignment: [{ topic: 'orders', partitions: [0, 1, 2] }],
        },
      ],
    });
  });

  it('refuses a truncated response with a decode error instead of inventing fields', () => {
    const buf = response();
    expect(() => ConsumerGroupDescribeApi.decode(new Reader(buf.subarray(0, buf.length - 20), true), 1)).toThrow(
      ProtocolDecodeError,
    );
  });

  it('ListGroups v5 carries the group type; v4 leaves it null', () => {
    const enc = (v: number): Buffer => {
      const w = new Writer(true);
      w.int32(0).int16(0);
      w.array([0], (g) => {
        g.string('g1').string('consumer').string('Stable');
        if (v >= 5) g.string('consumer');
        g.tags();
      });
      w.tags();
      return w.encoder.buffer;
    };
    expect(ListGroupsApi.decode(new Reader(enc(5), true), 5).groups[0]?.type).toBe('consumer');
    expect(ListGroupsApi.decode(new Reader(enc(4), true), 4).groups[0]?.type).toBeNull();
  });
});
