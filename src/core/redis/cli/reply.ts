import type { CliReply } from '../../../shared/contract/redis/cli';
import type { Resp3 } from './resp3/parser';

/**
 * A parsed RESP3 value as the contract's typed CLI reply. The parser has
 * already bounded it (items per reply, bytes per string), so this only maps;
 * a string says whether its bytes were cut.
 */
export function toReply(v: Resp3): CliReply {
  const pairs = (entries: [Resp3, Resp3][]): [CliReply, CliReply][] =>
    entries.map(([k, x]) => [toReply(k), toReply(x)]);
  switch (v.t) {
    case 'simple':
      return { t: 'status', text: v.text };
    case 'error':
    case 'nil':
    case 'int':
    case 'bignum':
    case 'double':
    case 'bool':
      return v;
    case 'bulk':
      return { t: 'bulk', b64: v.bytes.toString('base64'), size: v.size, truncated: v.bytes.length < v.size };
    case 'verbatim':
      return {
        t: 'verbatim',
        format: v.format,
        b64: v.bytes.toString('base64'),
        size: v.size,
        truncated: v.bytes.length < v.size,
      };
    case 'array':
    case 'set':
    case 'push':
      return { t: v.t, items: v.items.map(toReply), total: v.total };
    case 'map':
      return { t: 'map', entries: pairs(v.entries), total: v.total };
    case 'attributed':
      return { t: 'attributed', attrs: pairs(v.attrs), value: toReply(v.value) };
  }
}
