import { describe, expect, it } from 'vitest';
import { checkSummary, registerGate } from '../../../../src/renderer/src/features/kafka/schemas/logic';

const text = { schemaType: 'AVRO' as const, schema: '{"type":"string"}' };
const result = (compatible: boolean) => ({ compatible, messages: [], level: 'BACKWARD' as const });

describe('registerGate', () => {
  it('opens only after a passed check of the very text and type shown', () => {
    expect(registerGate(text, null, false)).toMatchObject({ ok: false, why: 'Check compatibility first.' });
    expect(registerGate(text, { ...text, result: result(true) }, false).ok).toBe(true);
    expect(registerGate({ ...text, schema: '{"type":"long"}' }, { ...text, result: result(true) }, false).ok).toBe(
      false,
    );
    expect(registerGate({ ...text, schemaType: 'JSON' }, { ...text, result: result(true) }, false).ok).toBe(false);
  });

  it('stays shut after a failed check unless the user registers anyway; never for empty text', () => {
    expect(registerGate(text, { ...text, result: result(false) }, false)).toMatchObject({ ok: false });
    expect(registerGate(text, { ...text, result: result(false) }, true).ok).toBe(true);
    expect(registerGate({ ...text, schema: '  ' }, null, true).ok).toBe(false);
  });

  it('names the level in the verdict', () => {
    expect(checkSummary(result(false))).toBe('Not compatible under BACKWARD.');
    expect(checkSummary({ compatible: true, messages: [], level: null })).toBe('Compatible.');
  });
});
