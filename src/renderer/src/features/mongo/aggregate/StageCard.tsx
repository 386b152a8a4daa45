import type { ReactNode } from 'react';
import type { StagePreview } from '../../../../../shared/contract/mongo/aggregate';
import { ejsonText } from '../../../../../shared/contract/mongo/value';
import { CodeEditor } from '../../../ui/CodeEditor';
import type { CompletionProvider } from '../../../ui/codeEditorTypes';
import { IconTrash } from '../../../ui/icons';
import { shellLanguage } from '../queryLanguage';
import type { StageCard } from './pipelineText';

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One stage: enable, move, delete, its shell-syntax editor, and the preview of the output up to it. */
export function StageCardView(props: {
  index: number;
  stage: StageCard;
  count: number;
  preview: StagePreview | undefined;
  completion: CompletionProvider;
  onChange(patch: Partial<StageCard>): void;
  onMove(by: number): void;
  onDelete(): void;
  onRun(): void;
}): ReactNode {
  const { index, stage, preview } = props;
  const status = preview?.status;
  return (
    <div
      className={`mg-stage${stage.enabled ? '' : ' mg-stage-off'}`}
      data-testid="mongo-stage"
      data-status={status ?? 'none'}
    >
      <div className="mg-stage-head">
        <span className="mg-stage-num">{index + 1}</span>
        <label className="check">
          <input
            type="checkbox"
            checked={stage.enabled}
            aria-label={`Enable stage ${index + 1}`}
            onChange={(e) => props.onChange({ enabled: e.target.checked })}
          />{' '}
          enabled
        </label>
        <span className="mg-spacer" />
        <button
          type="button"
          className="icon-btn"
          aria-label={`Move stage ${index + 1} up`}
          disabled={index === 0}
          onClick={() => props.onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={`Move stage ${index + 1} down`}
          disabled={index === props.count - 1}
          onClick={() => props.onMove(1)}
        >
          ↓
        </button>
        <button type="button" className="icon-btn" aria-label={`Delete stage ${index + 1}`} onClick={props.onDelete}>
          <IconTrash />
        </button>
      </div>
      <div className="mg-stage-body">
        <CodeEditor
          value={stage.text}
          onChange={(text) => props.onChange({ text })}
          language={shellLanguage}
          completion={props.completion}
          onRun={props.onRun}
          minHeight={60}
          maxHeight={260}
          ariaLabel={`Stage ${index + 1}`}
          testId={`mongo-stage-editor-${index}`}
          className="mg-stage-editor"
          running={false}
        />
        <div className="mg-stage-preview" data-testid="mongo-stage-preview">
          {!preview ? (
            <span className="mg-muted">No preview yet.</span>
          ) : preview.status === 'ok' ? (
            <>
              <div
                className="mg-muted"
                data-testid="mongo-stage-count"
              >{`${preview.documents.length} documents (sample of the first)`}</div>
              {preview.message ? <div className="mg-muted">{preview.message}</div> : null}
              {preview.documents.map((d, i) => (
                <div key={i} className="mg-preview-doc mono">
                  {clip(ejsonText(d, 'relaxed', 0), 300)}
                </div>
              ))}
            </>
          ) : (
            <div
              className={preview.status === 'error' || preview.status === 'unsupported' ? 'field-error' : 'mg-muted'}
              data-testid="mongo-stage-message"
            >
              {preview.message}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
