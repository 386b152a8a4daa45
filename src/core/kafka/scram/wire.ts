/**
 * DescribeUserScramCredentials (API 50, KIP-554) and AlterUserScramCredentials
 * (API 51), v0 (flexible), which kafkajs lacks: encoded with our protocol
 * layer as for ConsumerGroupDescribe (API 69). Kafka never returns a salt or
 * a salted password; the request carries the salted password only, computed
 * here (PBKDF2, RFC 5802 "Hi"), so the password itself never goes on the wire.
 */
import type { Reader, Writer } from '../protocol/codec';
import type { ApiSpec } from '../protocol/wire';

/** Kafka's ScramMechanism type bytes. */
export const MECHANISM_CODE = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 } as const;
export type ScramMechanismName = keyof typeof MECHANISM_CODE;

export interface RawCredentialResult {
  readonly user: string;
  readonly code: number;
  readonly message: string | null;
  readonly credentials: ReadonlyArray<{ readonly mechanism: number; readonly iterations: number }>;
}

export interface RawDescribe {
  readonly code: number;
  readonly message: string | null;
  readonly results: readonly RawCredentialResult[];
}

export const DescribeUserScramCredentialsApi: ApiSpec<{ users: readonly string[] | null }, RawDescribe> = {
  apiKey: 50,
  name: 'DescribeUserScramCredentials',
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  encode(w: Writer, _version: number, input): void {
    w.array(input.users, (x, name) => {
      x.string(name);
      x.tags();
    });
    w.tags();
  },
  decode(r: Reader): RawDescribe {
    r.int32(); // throttle_time_ms
    const code = r.int16();
    const message = r.nullableString();
    const results = r.array((x): RawCredentialResult => {
      const user = x.string();
      const c = x.int16();
      const m = x.nullableString();
      const credentials = x.array((y) => {
        const mechanism = y.int8();
        const iterations = y.int32();
        y.tags();
        return { mechanism, iterations };
      });
      x.tags();
      return { user, code: c, message: m, credentials };
    });
    r.tags();
    return { code, message, results };
  },
};

export interface ScramUpsertion {
  readonly name: string;
  readonly mechanism: number;
  readonly iterations: number;
  readonly salt: Buffer;
  readonly saltedPassword: Buffer;
}

export interface AlterInput {
  readonly deletions: ReadonlyArray<{ readonly name: string; readonly mechanism: number }>;
  readonly upsertions: readonly ScramUpsertion[];
}

export interface RawAlterResult {
  readonly user: string;
  readonly code: number;
  readonly message: string | null;
}

export const AlterUserScramCredentialsApi: ApiSpec<AlterInput, RawAlterResult[]> = {
  apiKey: 51,
  name: 'AlterUserScramCredentials',
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  encode(w: Writer, _version: number, input): void {
    w.array(input.deletions, (x, d) => {
      x.string(d.name);
      x.int8(d.mechanism);
      x.tags();
    });
    w.array(input.upsertions, (x, u) => {
      x.string(u.name);
      x.int8(u.mechanism);
      x.int32(u.iterations);
      x.bytes(u.salt);
      x.bytes(u.saltedPassword);
      x.tags();
    });
    w.tags();
  },
  decode(r: Reader): RawAlterResult[] {
    r.int32(); // throttle_time_ms
    const out = r.array((x): RawAlterResult => {
      const user = x.string();
      const code = x.int16();
      const message = x.nullableString();
      x.tags();
      return { user, code, message };
    });
    r.tags();
    return out;
  },
};
