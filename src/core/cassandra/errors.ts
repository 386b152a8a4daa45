import cassandra from 'cassandra-driver';
import { StackdeckError, isStackdeckError } from '../../shared/errors';
import { toStackdeckError } from '../errors';

const { errors, types } = cassandra;
const rc = types.responseErrorCodes;

/**
 * Cassandra server errors to the closed codes, with a message that says what
 * happened and what to do. The server's own text is kept (it names the table,
 * column or position); everything else goes through the shared mapper.
 */
export function cassandraError(err: unknown, operation: string): StackdeckError {
  if (isStackdeckError(err)) return err;
  // The retry policy moves on to the next host after Unavailable and similar; what the user needs is the server's answer.
  if (err instanceof errors.NoHostAvailableError) {
    const inner = Object.values(err.innerErrors ?? {}).find((e) => e instanceof errors.ResponseError);
    if (inner) return cassandraError(inner, operation);
  }
  if (err instanceof errors.ResponseError) {
    const text = err.message;
    const e = err as InstanceType<typeof errors.ResponseError> & {
      required?: number;
      alive?: number;
      received?: number;
      blockFor?: number;
      consistencies?: number;
    };
    switch (err.code) {
      case rc.syntaxError:
        return new StackdeckError(
          'INVALID_INPUT',
          `CQL syntax error: ${text}. Check the statement near that position.`,
          {
            where: 'cql',
          },
        );
      case rc.invalid:
        return new StackdeckError(
          'INVALID_INPUT',
          `Cassandra rejected the statement: ${text}. Check table and column names and the value types.`,
          { where: 'cql' },
        );
      case rc.unavailableException:
        return new StackdeckError(
          'UNREACHABLE',
          `Not enough replicas are up for this consistency level (${e.required ?? '?'} required, ${e.alive ?? '?'} alive). ` +
            'Start the stopped nodes or run with a lower consistency level (e.g. LOCAL_ONE).',
          { required: e.required ?? null, alive: e.alive ?? null },
        );
      case rc.readTimeout:
      case rc.writeTimeout:
        return new StackdeckError(
          'TIMEOUT',
          `The coordinator timed out waiting for replicas (${e.received ?? '?'} of ${e.blockFor ?? '?'} answered). ` +
            'Retry, lower the consistency level, or narrow the query to fewer partitions.',
          { received: e.received ?? null, blockFor: e.blockFor ?? null },
        );
      case rc.readFailure:
      case rc.writeFailure:
        return new StackdeckError('SERVER_ERROR', `Replicas failed the request: ${text}. See the Cassandra log.`);
      case rc.overloaded:
      case rc.isBootstrapping:
        return new StackdeckError('UNREACHABLE', `The node cannot serve requests now: ${text}. Retry shortly.`);
      case rc.unauthorized:
        return new StackdeckError('AUTH_FAILED', `Not permitted: ${text}. Ask for the permission or use another role.`);
      case rc.badCredentials:
        return new StackdeckError('AUTH_FAILED', `Authentication failed: ${text}.`);
      case rc.alreadyExists:
        return new StackdeckError('CONFLICT', `${text}. Use IF NOT EXISTS or another name.`);
      case rc.configError:
        return new StackdeckError('INVALID_INPUT', `Configuration problem: ${text}.`, { where: 'cql' });
      case rc.functionFailure:
        return new StackdeckError('SERVER_ERROR', `A function failed on the server: ${text}.`);
      default:
        return new StackdeckError('SERVER_ERROR', `Cassandra error: ${text}.`);
    }
  }
  // The coordinating node went away after the request was sent (killed, crashed,
  // restarted): the driver does not retry a statement that may have run.
  if (err instanceof Error && (err as { isSocketError?: boolean }).isSocketError === true) {
    return new StackdeckError(
      'UNREACHABLE',
      'The node coordinating this request closed the connection before answering (it went down or restarted). ' +
        'Rows already received are kept. Run it again to use another node; for a write, check first whether it was applied.',
    );
  }
  if (err instanceof errors.OperationTimedOutError) {
    return new StackdeckError(
      'TIMEOUT',
      `No answer from ${err.host ?? 'the node'} within the query timeout. Raise the timeout or narrow the query.`,
    );
  }
  return toStackdeckError(err, { operation });
}
