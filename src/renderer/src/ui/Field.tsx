import { useId, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Renders the control with the ids that tie it to its label, hint and error. */
  children: (control: FieldControlProps) => ReactNode;
  className?: string;
  /** Extra content on the label row (right aligned). */
  aside?: ReactNode;
}

/** A labelled form control with an optional hint and an inline error (announced to assistive tech). */
export function Field({ label, hint, error, children, className, aside }: FieldProps): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = error ? errorId : hint ? hintId : undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <div className="field-label-row">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {aside}
      </div>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error ? (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

export interface SegmentedOption<T extends string> {
  value: T;
  label: ReactNode;
  title?: string;
}

/** A compact radio group drawn as a segmented control. Arrow keys move the choice (native radio behaviour). */
export function Segmented<T extends string>(props: {
  label: string;
  value: T;
  options: readonly SegmentedOption<T>[];
  onChange: (value: T) => void;
  size?: 'sm' | 'md';
  testId?: string;
}): ReactNode {
  const name = useId();
  return (
    <div
      role="radiogroup"
      aria-label={props.label}
      className={`segmented segmented-${props.size ?? 'md'}`}
      data-testid={props.testId}
    >
      {props.options.map((option) => (
        <label
          key={option.value}
          className={`segment${option.value === props.value ? ' segment-on' : ''}`}
          title={option.title}
        >
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === props.value}
            onChange={() => props.onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
