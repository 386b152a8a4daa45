import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import '../styles/workbench.css';
import { IconAlert } from '../ui/icons';

/**
 * One per tab (WorkArea): an exception while rendering a screen shows an
 * error panel with "Reload this tab" in that tab only; the sidebar, the tab
 * strip and every other tab keep working. Also the Suspense boundary of the
 * area screens, which load lazily (`React.lazy` in each area's register.ts):
 * a small loading state shows while a screen's chunk downloads, and a chunk
 * that fails to load lands in the same error panel.
 */
interface Props {
  /** Shown in the panel ("The Topics tab stopped working"). */
  label: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  attempt: number;
}

export class TabBoundary extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console is the place for the stack; the panel shows the message only.
    console.error(`Tab "${this.props.label}" failed:`, error, info.componentStack);
  }

  private readonly reload = (): void => {
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <div className="tab-error" role="alert" data-testid="tab-error">
          <IconAlert size={24} />
          <h2 className="empty-title">The {this.props.label} tab stopped working</h2>
          <p className="muted">
            Something in this screen failed. Other tabs are not affected. Reloading the tab starts it afresh; what you
            typed in it may be lost.
          </p>
          <pre className="tab-error-message mono">{error.message}</pre>
          <button type="button" className="btn btn-primary" onClick={this.reload} data-testid="tab-reload">
            Reload this tab
          </button>
        </div>
      );
    }
    return (
      <Suspense
        key={attempt}
        fallback={
          <div className="tab-loading muted" role="status" data-testid="tab-loading">
            Loading…
          </div>
        }
      >
        {this.props.children}
      </Suspense>
    );
  }
}
