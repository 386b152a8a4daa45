/**
 * Models in the shell: a "Models" tool (no connection) with the deployment
 * wizard and the deployments screen, loaded lazily (recharts is heavy).
 */
import { createElement, lazy, Suspense } from 'react';
import { registerTool } from '../../app/tools';
import '../../styles/models.css';

const ModelsScreen = lazy(() => import('./ModelsScreen'));

registerTool({
  id: 'models',
  label: 'Models',
  render: () =>
    createElement(
      Suspense,
      { fallback: createElement('p', { className: 'models-muted' }, 'Loading…') },
      createElement(ModelsScreen),
    ),
});
