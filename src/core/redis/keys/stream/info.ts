import type { KeyInfoStrategy } from '../types';

export const streamInfo: KeyInfoStrategy = {
  type: 'stream',
  lengthCommand: (key) => ['XLEN', key],
};
