import { z } from 'zod';

/** Field schemas every part of the Cassandra contract uses. */
export const connectionId = z.string().min(1);
/** Unquoted or quoted CQL identifiers as stored in the schema (case kept). */
export const name = z.string().min(1).max(256);
export const int = z.number().int();
