import { z } from 'zod';
import { method } from '../define';
import { KeyTarget, connectionId } from './common';

/**
 * JSON keys (RedisJSON, type ReJSON-RL) where the module is loaded: get and
 * set by JSONPath, delete a path; and the modules a server has loaded, so the
 * UI can say why a type has no editor.
 */
const Path = z.string().min(1).max(4096).default('$');
const JsonText = z
  .string()
  .max(64 * 1024 * 1024)
  .refine((s) => {
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  }, 'The value is not valid JSON.');

export const redisJson = {
  'redis.modules.list': method({
    input: z.object({ connectionId }),
    output: z.object({ modules: z.array(z.object({ name: z.string(), version: z.string() })) }),
    summary: 'Modules the server has loaded (MODULE LIST); empty where the command is refused.',
  }),
  'redis.json.get': method({
    input: KeyTarget.extend({ path: Path }),
    /** JSON.GET's answer as text: with a $ path, an array of the matches. */
    output: z.object({ json: z.string().nullable(), size: z.number().int() }),
    summary: 'Reads a JSON key at a JSONPath (JSON.GET).',
  }),
  'redis.json.set': method({
    input: KeyTarget.extend({ path: Path, value: JsonText, create: z.boolean().default(false) }),
    output: z.object({ ok: z.boolean() }),
    writes: true,
    summary: 'Sets a JSONPath of a JSON key (JSON.SET); with create, makes a new key at $ and refuses an existing one.',
  }),
  'redis.json.delete': method({
    input: KeyTarget.extend({ path: z.string().min(1).max(4096) }),
    output: z.object({ removed: z.number().int() }),
    writes: true,
    summary: 'Deletes what a JSONPath matches in a JSON key (JSON.DEL).',
  }),
} as const;
