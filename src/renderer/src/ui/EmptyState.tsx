import type { ReactNode } from 'react';

export interface EmptyStateProps {
  icon?: ReactNode;
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
  size?: 'sm' | 'lg';
}

/** A centred explanation of what belongs here and what to do next. */
export function EmptyState({ icon, title, children, actions, testId, size = 'sm' }: EmptyStateProps): ReactNode {
  return (
    <div className={`empty-state empty-${size}`} data-testid={testId}>
      {icon ? <div className="empty-icon">{icon}</div> : null}
      <h2 className="empty-title">{title}</h2>
      {children ? <div className="empty-body">{children}</div> : null}
      {actions ? <div className="empty-actions">{actions}</div> : null}
    </div>
  );
}
