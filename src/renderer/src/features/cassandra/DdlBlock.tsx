import { useContext, type ReactNode } from 'react';
import { ToastContext } from '../../ui/toast';

/** DDL text, copyable, with where it came from (the server's DESCRIBE or rebuilt from system_schema). */
export function DdlBlock({ ddl, source }: { ddl: string; source: 'server' | 'metadata' }): ReactNode {
  const toast = useContext(ToastContext);
  const copy = (): void => {
    const ok = (): void => toast?.push({ tone: 'success', title: 'Copied the DDL' });
    const failed = (): void => toast?.push({ tone: 'error', title: 'Could not copy the DDL' });
    if (typeof navigator === 'undefined' || !navigator.clipboard) return failed();
    navigator.clipboard.writeText(ddl).then(ok, failed);
  };
  return (
    <div className="cs-ddl">
      <div className="cs-ddl-head">
        <span className="cs-muted">
          {source === 'server'
            ? "From the server's DESCRIBE"
            : 'Rebuilt from system_schema (no DESCRIBE on this server)'}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={copy} data-testid="cs-copy-ddl">
          Copy
        </button>
      </div>
      <pre className="cs-ddl-text" data-testid="cs-ddl">
        {ddl}
      </pre>
    </div>
  );
}
