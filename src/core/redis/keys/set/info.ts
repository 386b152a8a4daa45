import type { KeyInfoStrategy } from '../types';

export const setInfo: KeyInfoStrategy = {
  type: 'set',
  lengthCommand: (key) => ['SCARD', key],
};
