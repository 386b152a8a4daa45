/**
 * Driver-side failures the server's error codes do not cover: a coordinator
 * that dies after the request was written surfaces as the driver's bare
 * "Socket was closed", which must become a message saying what happened.
 */
import { describe, expect, it } from 'vitest';
import { cassandraError } from '../../../src/core/cassandra/errors';

describe('cassandraError', () => {
  it('turns a connection closed mid-request into UNREACHABLE with what to do', () => {
    // What cassandra-driver's connection throws (a DriverError flagged isSocketError).
    const err = Object.assign(new Error('Socket was closed'), { isSocketError: true });
    const e = cassandraError(err, 'Running CQL');
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toMatch(
      /closed the connection before answering.*Run it again.*check first whether it was applied/,
    );
    expect(e.message).not.toMatch(/Socket was closed/);
  });

  it('leaves other driver errors to the shared mapper', () => {
    const e = cassandraError(new Error('something else'), 'Running CQL');
    expect(e.code).not.toBe('UNREACHABLE');
  });
});
