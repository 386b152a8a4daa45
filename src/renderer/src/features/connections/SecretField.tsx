import type { ReactNode } from 'react';
import { Field, Segmented } from '../../ui/Field';
import type { SecretEdit } from './form';

export interface SecretFieldProps {
  label: string;
  edit: SecretEdit;
  onChange: (edit: SecretEdit) => void;
  error?: string | undefined;
  hint?: ReactNode;
  /** Multi-line secrets (PEM keys). */
  multiline?: boolean;
  autoComplete?: string;
}

/**
 * A write-only secret. The renderer never receives stored values, only whether
 * one is set: with a stored value the user chooses Keep, Replace or Clear;
 * without one, an empty field means "none".
 */
export function SecretField({
  label,
  edit,
  onChange,
  error,
  hint,
  multiline = false,
  autoComplete = 'new-password',
}: SecretFieldProps): ReactNode {
  const state = edit.stored
    ? edit.mode === 'keep'
      ? { text: 'set', cls: 'secret-set' }
      : edit.mode === 'clear'
        ? { text: 'will be cleared', cls: 'secret-clear' }
        : { text: 'will be replaced', cls: 'secret-change' }
    : edit.value !== ''
      ? { text: 'will be set', cls: 'secret-change' }
      : { text: 'not set', cls: 'secret-unset' };
  const showInput = !edit.stored || edit.mode === 'replace';
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      aside={
        <span className={`secret-state ${state.cls}`} data-testid="secret-state">
          {state.text}
        </span>
      }
    >
      {(control) => (
        <div className="secret-field">
          {edit.stored ? (
            <Segmented
              size="sm"
              label={`${label}: keep, replace or clear the stored value`}
              value={edit.mode}
              options={[
                { value: 'keep', label: 'Keep' },
                { value: 'replace', label: 'Replace' },
                { value: 'clear', label: 'Clear' },
              ]}
              onChange={(mode) => onChange({ ...edit, mode, value: mode === 'replace' ? edit.value : '' })}
            />
          ) : null}
          {showInput ? (
            multiline ? (
              <textarea
                {...control}
                className="textarea secret-textarea"
                value={edit.value}
                placeholder={edit.stored ? 'New value' : 'Not set'}
                spellCheck={false}
                autoComplete="off"
                onChange={(event) => onChange({ ...edit, value: event.target.value })}
              />
            ) : (
              <input
                {...control}
                className="input"
                type="password"
                value={edit.value}
                placeholder={edit.stored ? 'New value' : 'Not set'}
                autoComplete={autoComplete}
                spellCheck={false}
                onChange={(event) => onChange({ ...edit, value: event.target.value })}
              />
            )
          ) : (
            <input
              {...control}
              className="input"
              type="text"
              disabled
              value={edit.mode === 'keep' ? '••••••••  (stored)' : '(will be removed)'}
              readOnly
            />
          )}
        </div>
      )}
    </Field>
  );
}
