import type { ReactNode } from 'react';
import type { CompatibilityLevel } from '../../../../../shared/contract/kafka/schemas';

const LEVELS: readonly CompatibilityLevel[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];

/**
 * A compatibility level picker. With `inherit` (a subject's picker) it offers
 * "follow global" (null), naming the global level it would follow.
 */
export function CompatibilitySelect({
  label,
  value,
  inherit,
  disabled,
  onChange,
}: {
  label: string;
  value: CompatibilityLevel | null;
  /** Present for a subject: the global level; absent for the global picker itself. */
  inherit?: CompatibilityLevel | null;
  disabled: boolean;
  onChange: (level: CompatibilityLevel | null) => void;
}): ReactNode {
  return (
    <select
      className="input sr-compat"
      aria-label={label}
      value={value ?? ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as CompatibilityLevel))}
    >
      {inherit !== undefined ? <option value="">Follow global ({inherit ?? 'unknown'})</option> : null}
      {inherit === undefined && value === null ? <option value="">unknown</option> : null}
      {LEVELS.map((l) => (
        <option key={l} value={l}>
          {l}
        </option>
      ))}
    </select>
  );
}
