import { useState, type ReactNode } from 'react';
import { IconInfo } from '../../ui/icons';
import { PRESETS, presetById, type Preset } from './presets';

export interface PresetPickerProps {
  onApply: (preset: Preset) => void;
}

/** "Start from a cloud preset": fills the options of a managed service and lists what the user must bring. */
export function PresetPicker({ onApply }: PresetPickerProps): ReactNode {
  const [chosen, setChosen] = useState<Preset | undefined>(undefined);
  return (
    <div className="preset-picker" data-testid="preset-picker">
      <label className="preset-row">
        <span>Cloud preset</span>
        <select
          className="input"
          aria-label="Cloud preset"
          value={chosen?.id ?? ''}
          onChange={(event) => {
            const preset = presetById(event.target.value);
            setChosen(preset);
            if (preset) onApply(preset);
          }}
        >
          <option value="">None</option>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {chosen ? (
        <div className="preset-notes" role="status" data-testid="preset-notes">
          <p>
            <IconInfo size={14} /> {chosen.label}: TLS on (system CA store)
            {chosen.id.startsWith('msk') || chosen.id === 'confluent-cloud' ? ', SASL set' : ''}. {chosen.endpointHint}.
          </p>
          <p>
            You fill in: {chosen.fields.join(', ')}. Secrets needed: {chosen.secrets.join(', ')}.
          </p>
        </div>
      ) : null}
    </div>
  );
}
