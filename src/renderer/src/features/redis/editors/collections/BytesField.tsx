import { useId, useState, type ReactNode } from 'react';
import { base64ToBytes, parseHex, textToBytes, toHex, utf8OrNull } from '../../../../../../shared/contract/redis/bytes';

/** A value being edited: its text, whether it is hex, and the bytes it stands for (null while hex is invalid). */
export interface BytesDraft {
  text: string;
  hex: boolean;
}

/** A draft for existing bytes: UTF-8 text when they are text, hex otherwise (so nothing is lost on save). */
export function draftOf(b64: string | null): BytesDraft {
  if (b64 === null) return { text: '', hex: false };
  const bytes = base64ToBytes(b64);
  const text = utf8OrNull(bytes);
  return text === null ? { text: toHex(bytes), hex: true } : { text, hex: false };
}

export function draftBytes(d: BytesDraft): Uint8Array | null {
  return d.hex ? parseHex(d.text) : textToBytes(d.text);
}

/** A labelled textarea for a field, value or member, as UTF-8 text or hex bytes. */
export function BytesField(props: {
  label: string;
  value: BytesDraft;
  onChange(next: BytesDraft): void;
  readOnly?: boolean;
  rows?: number;
}): ReactNode {
  const id = useId();
  const { value, onChange } = props;
  const [hexError, setHexError] = useState(false);
  const bad = value.hex && parseHex(value.text) === null;
  return (
    <div className="field rd-bytes-field">
      <div className="rd-bytes-head">
        <label className="field-label" htmlFor={id}>
          {props.label}
        </label>
        <label className="field-check rd-hex-toggle">
          <input
            type="checkbox"
            checked={value.hex}
            disabled={props.readOnly}
            onChange={(e) => {
              const bytes = draftBytes(value);
              if (bytes === null) {
                setHexError(true);
                return;
              }
              setHexError(false);
              const text = e.target.checked ? toHex(bytes) : utf8OrNull(bytes);
              // Bytes that are not UTF-8 stay in hex: text would change them.
              if (text === null) return;
              onChange({ text, hex: e.target.checked });
            }}
          />
          hex
        </label>
      </div>
      <textarea
        id={id}
        className="input mono rd-member-input"
        rows={props.rows ?? 3}
        value={value.text}
        readOnly={props.readOnly}
        spellCheck={false}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
      />
      {bad || hexError ? <p className="field-error">Hex digits in pairs, please (spaces allowed).</p> : null}
    </div>
  );
}
