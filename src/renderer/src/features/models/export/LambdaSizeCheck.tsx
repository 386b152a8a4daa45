import type { ReactNode } from 'react';
import type { LambdaSizeCheck } from '../../../../../shared/contract/models';

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A Lambda bundle's sizes against Lambda's limits, as core measured them on the written zip. */
export function LambdaSizeCheckView({ c }: { c: LambdaSizeCheck }): ReactNode {
  return (
    <div data-testid="lambda-size-check">
      <table className="models-table">
        <thead>
          <tr>
            <th>Size</th>
            <th>Bundle</th>
            <th>Lambda limit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>Unzipped</td>
            <td>{mb(c.unzippedBytes)}</td>
            <td>{mb(c.limitUnzippedBytes)}</td>
            <td className={c.fitsUnzipped ? undefined : 'models-warn'}>{c.fitsUnzipped ? 'fits' : 'too large'}</td>
          </tr>
          <tr>
            <td>Zipped (direct upload)</td>
            <td>{mb(c.zippedBytes)}</td>
            <td>{mb(c.limitZippedDirectBytes)}</td>
            <td>{c.fitsDirectUpload ? 'fits' : 'upload through S3'}</td>
          </tr>
          {c.sklearnStackBytes === null ? null : (
            <tr>
              <td>scikit-learn stack (not used)</td>
              <td>{mb(c.sklearnStackBytes)}</td>
              <td>{mb(c.limitUnzippedBytes)}</td>
              <td>{c.sklearnStackBytes > c.limitUnzippedBytes ? 'too large: ONNX instead' : 'ONNX is smaller'}</td>
            </tr>
          )}
        </tbody>
      </table>
      <p className="models-muted">{c.message}</p>
    </div>
  );
}
