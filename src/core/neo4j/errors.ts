/**
 * Neo4j server errors to the closed set of codes, with messages that say what
 * happened and what to do. Syntax errors keep their line and column.
 */
import { StackdeckError } from '../../shared/errors';
import { toStackdeckError } from '../errors';

interface Neo4jErrorLike {
  code?: unknown;
  message?: unknown;
}

const POSITION = /\(line (\d+), column (\d+) \(offset: (\d+)\)\)/;

function first(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

export function neo4jError(err: unknown, operation: string): StackdeckError {
  if (err instanceof StackdeckError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as Neo4jErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const detail = { neo4jCode: code };
  switch (code) {
    case 'Neo.ClientError.Statement.SyntaxError': {
      const p = POSITION.exec(message);
      const where = p ? `line ${p[1]}, column ${p[2]}` : 'the query';
      const what = first(message).replace(POSITION, '').trim();
      return new StackdeckError('INVALID_INPUT', `Syntax error at ${where}: ${what}. Fix the query and run it again.`, {
        ...detail,
        where,
        ...(p ? { line: Number(p[1]), column: Number(p[2]), offset: Number(p[3]) } : {}),
      });
    }
    case 'Neo.ClientError.Statement.ParameterMissing':
      return new StackdeckError(
        'INVALID_INPUT',
        `${first(message)}. Set it in the parameters panel or with :param name => value, then run again.`,
        { ...detail, where: 'parameters' },
      );
    case 'Neo.ClientError.Procedure.ProcedureNotFound':
      return new StackdeckError(
        'NOT_FOUND',
        `${first(message).split('. Please')[0] ?? ''}. Check the name (SHOW PROCEDURES lists those installed).`,
        detail,
      );
    case 'Neo.ClientError.Statement.AccessMode':
    case 'Neo.ClientError.Security.Forbidden':
      return new StackdeckError(
        'READ_ONLY',
        `The server refused to write: this connection is read-only, so queries run in a READ transaction (${first(message)}). Nothing was changed. Use a connection that is not read-only to write.`,
        detail,
      );
    case 'Neo.ClientError.Transaction.TransactionTimedOut':
    case 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration':
      return new StackdeckError(
        'TIMEOUT',
        'The server stopped the query: it ran longer than its transaction timeout. Raise the timeout or narrow the query (a LIMIT, an index).',
        detail,
      );
    case 'Neo.TransientError.Transaction.Terminated':
    case 'Neo.ClientError.Transaction.Terminated':
    case 'Neo.TransientError.Transaction.LockClientStopped':
      return new StackdeckError('CANCELLED', 'The transaction was terminated on the server.', detail);
    case 'Neo.TransientError.General.MemoryPoolOutOfMemoryError':
    case 'Neo.TransientError.General.OutOfMemoryError':
    case 'Neo.TransientError.General.TransactionMemoryLimit':
      return new StackdeckError(
        'SERVER_ERROR',
        `The server stopped the query because it needed more memory than allowed (${first(message)}). Narrow the query or return less data.`,
        detail,
      );
    case 'Neo.ClientError.Database.DatabaseNotFound':
      return new StackdeckError('NOT_FOUND', `${first(message)}. Choose a database from the list.`, detail);
    default:
      if (code.startsWith('Neo.ClientError.Statement.') || code.startsWith('Neo.ClientError.Schema.')) {
        const conflict = /AlreadyExists|EquivalentSchemaRule|ConstraintValidationFailed/.test(code);
        return new StackdeckError(conflict ? 'CONFLICT' : 'INVALID_INPUT', `${first(message)}`, detail);
      }
      return toStackdeckError(err, { operation });
  }
}
