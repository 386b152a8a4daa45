import type { ReactNode } from 'react';
import { errorTitle, toShownError } from './errors';
import { IconAlert, IconClose } from './icons';

/** An inline error: title from the code, the server's message as text, the code itself for reference. */
/** Nothing when there is no error, so a screen can always place its banner. */
export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }): ReactNode {
  if (error === undefined || error === null) return null;
  const shown = toShownError(error);
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner" data-code={shown.code}>
      <IconAlert className="banner-icon" />
      <div className="banner-text">
        <div className="banner-title">
          {errorTitle(shown.code)} <code className="banner-code">{shown.code}</code>
        </div>
        <div className="banner-message">{shown.message}</div>
      </div>
      {onDismiss ? (
        <button type="button" className="icon-btn" aria-label="Dismiss" onClick={onDismiss}>
          <IconClose />
        </button>
      ) : null}
    </div>
  );
}
