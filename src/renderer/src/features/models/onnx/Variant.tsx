import type { ReactNode } from 'react';
import type { OnnxConversion, ServiceVariant } from '../../../../../shared/contract/models';

/**
 * The service variant choice (scikit-learn or ONNX) and, once an ONNX service
 * was generated, what its conversion showed: the parity check against the
 * original model and the installed sizes of both dependency sets.
 */
export function VariantChoice({
  value,
  onChange,
}: {
  value: ServiceVariant;
  onChange: (v: ServiceVariant) => void;
}): ReactNode {
  return (
    <fieldset className="models-row" aria-label="Variant">
      <span>Variant:</span>
      <label>
        <input type="radio" name="variant" checked={value === 'sklearn'} onChange={() => onChange('sklearn')} />{' '}
        scikit-learn
      </label>
      <label>
        <input type="radio" name="variant" checked={value === 'onnx'} onChange={() => onChange('onnx')} /> ONNX
        (converted with skl2onnx, served with onnxruntime)
      </label>
    </fieldset>
  );
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function ConversionReport({ c }: { c: OnnxConversion }): ReactNode {
  const p = c.parity;
  const ok = p.labelsAgree && (p.maxAbsDiff === null || p.maxAbsDiff < 1e-4);
  return (
    <div data-testid="onnx-parity">
      <p className={ok ? undefined : 'models-warn'}>
        Parity on {p.rows} rows (the example and {p.rows - 1} generated):{' '}
        {p.labelsAgree ? 'labels agree' : `${p.mismatches} labels differ`}
        {p.maxAbsDiff === null ? '' : `, max probability difference ${p.maxAbsDiff.toExponential(2)}`}.
      </p>
      <dl className="models-facts">
        <dt>model.onnx</dt>
        <dd>
          {c.onnxBytes} bytes, opset {c.opset}, input {c.inputs === 'tensor' ? 'one float matrix X' : 'one per feature'}
        </dd>
        <dt>scikit-learn dependencies</dt>
        <dd data-testid="size-sklearn">
          {mb(c.sizes.sklearn.bytes)} ({c.sizes.sklearn.packages.length} packages)
        </dd>
        <dt>ONNX dependencies</dt>
        <dd data-testid="size-onnx">
          {mb(c.sizes.onnx.bytes)} ({c.sizes.onnx.packages.length} packages)
        </dd>
      </dl>
      <p className="models-muted">Sizes as installed in the runtime’s Python.</p>
    </div>
  );
}
