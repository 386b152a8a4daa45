import type { z } from 'zod';
import { cassandra } from './cassandra';
import { connections } from './connections';
import type { MethodDef, StreamDef } from './define';
import { exportsContract } from './exports';
import { historyContract } from './history';
import { host } from './host';
import { kafka } from './kafka';
import { models } from './models';
import { mongo } from './mongo';
import { neo4j } from './neo4j';
import { redis } from './redis';

export const contract = {
  ...connections,
  ...kafka,
  ...mongo,
  ...cassandra,
  ...neo4j,
  ...redis,
  ...models,
  ...host,
  ...historyContract,
  ...exportsContract,
} as const;

export type Contract = typeof contract;
export type ContractName = keyof Contract;

export type MethodName = {
  [K in ContractName]: Contract[K] extends MethodDef ? K : never;
}[ContractName];

export type StreamName = {
  [K in ContractName]: Contract[K] extends StreamDef ? K : never;
}[ContractName];

/** What a caller may pass (defaults not yet applied). */
export type InputOf<N extends ContractName> = z.input<Contract[N]['input']>;
/** What core receives after the router parsed the input (defaults applied). */
export type ParsedInputOf<N extends ContractName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends MethodName> = Contract[N] extends MethodDef<z.ZodType, infer O> ? z.output<O> : never;
export type EventOf<N extends StreamName> = Contract[N] extends StreamDef<z.ZodType, infer E> ? z.output<E> : never;

export function isContractName(name: string): name is ContractName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './define';
