import { contract } from '../../../shared/contract';
import { RpcErrorShape, StackdeckError } from '../../../shared/errors';
import { invalidInputError } from '../../../shared/validation';

/** Rebuilds a StackdeckError from whatever a transport delivered as an error. */
export function errorFromWire(value: unknown): StackdeckError {
  const shape = RpcErrorShape.safeParse(value);
  if (shape.success) return StackdeckError.fromShape(shape.data);
  return new StackdeckError(
    'SERVER_ERROR',
    'Stackdeck sent an error this window does not understand. Try reloading the window.',
  );
}

/**
 * Checks the input against the contract before sending, for fast feedback with
 * the same wording core uses; core parses again (it trusts no transport).
 * Returns the error, or undefined when the input is fine.
 */
export function checkInput(name: string, kind: 'method' | 'stream', input: unknown): StackdeckError | undefined {
  const def = Object.hasOwn(contract, name) ? contract[name as keyof typeof contract] : undefined;
  if (def === undefined)
    return new StackdeckError('NOT_FOUND', `There is no ${kind} named "${name}" in this version of Stackdeck.`);
  if (def.kind !== kind) return new StackdeckError('INVALID_INPUT', `"${name}" is a ${def.kind}, not a ${kind}.`);
  try {
    const parsed = def.input.safeParse(input);
    return parsed.success ? undefined : invalidInputError(name, parsed.error.issues);
  } catch {
    // A schema with async refinements cannot be checked synchronously; core will check it.
    return undefined;
  }
}
