import { useId, type ReactNode } from 'react';
import type { ColorTag, Environment, ProfileKind } from '../../../../shared/contract/connections';
import { Field, Segmented } from '../../ui/Field';
import type { ConnectionForm, FieldErrors } from './form';
import { KindBadge } from './KindBadge';
import { COLOR_TAGS, KINDS, KIND_LABEL, tagColor } from './profiles';

/** The kind cards at the top of a new-connection dialog. */
export function KindPicker({
  value,
  onChange,
}: {
  value: ProfileKind;
  onChange: (kind: ProfileKind) => void;
}): ReactNode {
  const name = useId();
  return (
    <div className="kind-picker" role="radiogroup" aria-label="Connection type">
      {KINDS.map((kind) => (
        <label key={kind} className={`kind-card${kind === value ? ' kind-card-on' : ''}`}>
          <input type="radio" name={name} value={kind} checked={kind === value} onChange={() => onChange(kind)} />
          <KindBadge kind={kind} size="lg" />
          <span>{KIND_LABEL[kind]}</span>
        </label>
      ))}
    </div>
  );
}

export interface GeneralFieldsProps {
  form: ConnectionForm;
  set: (patch: Partial<ConnectionForm>) => void;
  errors: FieldErrors;
  groups: readonly string[];
}

/** Name, group, environment, colour and the read-only switch. */
export function GeneralFields({ form, set, errors, groups }: GeneralFieldsProps): ReactNode {
  const listId = useId();
  const colourName = useId();
  return (
    <>
      <Field label="Name" error={errors.name}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={form.name}
            placeholder={`My ${KIND_LABEL[form.kind]}`}
            autoComplete="off"
            data-autofocus
            onChange={(event) => set({ name: event.target.value })}
          />
        )}
      </Field>
      <Field label="Group" hint="Connections with the same group are listed together." error={errors.group}>
        {(control) => (
          <>
            <input
              {...control}
              className="input"
              list={listId}
              value={form.group}
              placeholder="None"
              autoComplete="off"
              onChange={(event) => set({ group: event.target.value })}
            />
            <datalist id={listId}>
              {groups.map((g) => (
                <option key={g} value={g} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <div className="field">
        <span className="field-label">Environment</span>
        <Segmented<Environment>
          label="Environment"
          value={form.environment}
          options={[
            { value: 'dev', label: 'Development' },
            { value: 'staging', label: 'Staging' },
            { value: 'prod', label: 'Production' },
          ]}
          onChange={(environment) => set({ environment })}
        />
        {form.environment === 'prod' ? (
          <div className="field-hint">Production connections show their colour on every screen.</div>
        ) : null}
      </div>
      <div className="field">
        <span className="field-label">Colour</span>
        <div className="swatches" role="radiogroup" aria-label="Colour">
          {COLOR_TAGS.map((tag: ColorTag) => (
            <label
              key={tag}
              className={`swatch${tag === form.color ? ' swatch-on' : ''}`}
              title={tag === 'grey' ? 'No colour' : tag}
            >
              <input
                type="radio"
                name={colourName}
                value={tag}
                checked={tag === form.color}
                onChange={() => set({ color: tag })}
                aria-label={tag === 'grey' ? 'No colour' : tag}
              />
              <span style={{ background: tagColor(tag) }} />
            </label>
          ))}
        </div>
      </div>
      <label className="check field-check span-2">
        <input type="checkbox" checked={form.readOnly} onChange={(event) => set({ readOnly: event.target.checked })} />
        <span>
          Read-only{' '}
          <span className="muted">— Stackdeck refuses every action that would change data on this server.</span>
        </span>
      </label>
    </>
  );
}
