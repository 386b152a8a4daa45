import type { ReactNode } from 'react';
import type { GeneratedFile, InspectReport } from '../../../../shared/contract/models';

/** What the wizard shows of an inspection and of a generated file. */
export function Report({ r }: { r: InspectReport }): ReactNode {
  return (
    <dl className="models-facts" data-testid="inspect-report">
      <dt>Estimator</dt>
      <dd>{r.estimator}</dd>
      {r.steps ? (
        <>
          <dt>Steps</dt>
          <dd>{r.steps.map((s) => `${s.name}: ${s.class}`).join(' → ')}</dd>
        </>
      ) : null}
      <dt>scikit-learn</dt>
      <dd>
        saved {r.savedSklearn ?? '?'}, installed {r.installedSklearn ?? 'none'}
        {r.versionWarning ? <span className="models-warn"> {r.versionWarning}</span> : null}
      </dd>
      <dt>Features</dt>
      <dd>{r.featureNamesIn?.join(', ') ?? `${r.nFeaturesIn ?? '?'} (unnamed)`}</dd>
      <dt>Classes</dt>
      <dd>{r.classes?.map(String).join(', ') ?? '—'}</dd>
      <dt>Methods</dt>
      <dd>
        predict_proba {r.hasPredictProba ? 'yes' : 'no'}, decision_function {r.hasDecisionFunction ? 'yes' : 'no'}
      </dd>
      <dt>Zero row</dt>
      <dd>{JSON.stringify(r.zeroRow)}</dd>
    </dl>
  );
}

export function FileView({ file }: { file: GeneratedFile | undefined }): ReactNode {
  if (!file) return null;
  return (
    <div>
      {file.diff !== null ? (
        <>
          <p className="models-muted">Changed since the last generation:</p>
          <pre className="models-pre" data-testid="file-diff">
            {file.diff}
          </pre>
        </>
      ) : null}
      <pre className="models-pre" data-testid="file-content">
        {file.content}
      </pre>
    </div>
  );
}
