import type { KeyInfoStrategy } from '../types';

export const stringInfo: KeyInfoStrategy = {
  type: 'string',
  lengthCommand: (key) => ['STRLEN', key],
};
