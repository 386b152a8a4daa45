import { createElement, lazy, Suspense } from 'react';
import { registerResources, registerResourceView } from '../../app/resources';

/**
 * Redis's sidebar node ("Keys") and its screen. The screen is loaded lazily,
 * so the shell's first screen does not carry the Redis code.
 */
const KeysView = lazy(() => import('./KeysView'));

registerResources('redis', () => [{ id: 'keys', label: 'Keys' }]);

registerResourceView('redis', {
  matches: (r) => r === 'keys',
  label: () => 'Keys',
  render: (props) => createElement(Suspense, { fallback: null }, createElement(KeysView, props)),
});
