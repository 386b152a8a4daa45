import type { KeyInfoStrategy } from '../types';

export const listInfo: KeyInfoStrategy = {
  type: 'list',
  lengthCommand: (key) => ['LLEN', key],
};
