import type { KeyInfoStrategy } from '../types';

export const zsetInfo: KeyInfoStrategy = {
  type: 'zset',
  lengthCommand: (key) => ['ZCARD', key],
};
