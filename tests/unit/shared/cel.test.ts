import { describe, expect, it } from 'vitest';
import { compileCel } from '../../../src/core/kafka/messages/filter';
import { CEL_FILTER_VARIABLES, checkCelFilter } from '../../../src/shared/cel';
import { StackdeckError } from '../../../src/shared/errors';

describe('one CEL filter environment for core and the editor', () => {
  it('declares the six filter variables', () => {
    expect(CEL_FILTER_VARIABLES.map((v) => v.name)).toEqual([
      'key',
      'value',
      'headers',
      'partition',
      'offset',
      'timestamp',
    ]);
    expect(
      checkCelFilter('key == "a" && value.x == 1 && headers.h == "v" && partition == 0 && offset > 1 && timestamp > 2')
        .ok,
    ).toBe(true);
    expect(checkCelFilter('nope == 1').ok).toBe(false);
  });

  it.each(['value.status == "failed" &&', 'value.status = "x"', 'partition == "x"', 'partition + 1', 'unknown.x == 1'])(
    'core refuses %j where the editor marks it',
    (expression) => {
      // The editor underlines checkCelFilter's problem (features/kafka/messages/cel.ts).
      const checked = checkCelFilter(expression);
      expect(checked.ok).toBe(false);
      const problem = checked.ok ? undefined : checked.problem;
      let thrown: unknown;
      try {
        compileCel(expression);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(StackdeckError);
      const position = Number((thrown as StackdeckError).detail?.position);
      expect(position).toBe(problem?.start);
    },
  );

  it('accepts in both what is valid', () => {
    for (const e of ['value.a.b == 1', 'int(value.id) % 100 == 0', 'has(value.x) || size(headers) > 0']) {
      expect(checkCelFilter(e).ok).toBe(true);
      expect(() => compileCel(e)).not.toThrow();
    }
  });
});
