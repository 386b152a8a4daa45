import type { KeyInfoStrategy } from '../types';

export const hashInfo: KeyInfoStrategy = {
  type: 'hash',
  lengthCommand: (key) => ['HLEN', key],
};
