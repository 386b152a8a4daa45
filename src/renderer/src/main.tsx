import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './features/register';
import { applyInitialTheme } from './app/useTheme';
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/ui.css';
import './styles/feedback.css';
import './styles/grid.css';
import './styles/connections.css';
import './styles/connection-dialog.css';
import './styles/probe.css';

applyInitialTheme();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
