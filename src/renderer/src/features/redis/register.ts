import { createElement, lazy, Suspense } from 'react';
import { registerResources, registerResourceView } from '../../app/resources';

/**
 * Redis's sidebar nodes ("Keys", "CLI") and their screens. Screens are loaded
 * lazily, so the shell's first screen does not carry the Redis code.
 */
const KeysView = lazy(() => import('./KeysView'));
const CliView = lazy(() => import('./cli/CliView'));
const PubSubView = lazy(() => import('./pubsub/PubSubView'));
const MemoryView = lazy(() => import('./memory/MemoryView'));
const ServerView = lazy(() => import('./server/ServerView'));
const SearchView = lazy(() => import('./search/SearchView'));

registerResources('redis', () => [
  { id: 'keys', label: 'Keys' },
  { id: 'cli', label: 'CLI' },
  { id: 'pubsub', label: 'Pub/Sub' },
  { id: 'memory', label: 'Memory' },
  { id: 'server', label: 'Server' },
  { id: 'search', label: 'Search' },
]);

registerResourceView('redis', {
  matches: (r) => r === 'keys',
  label: () => 'Keys',
  render: (props) => createElement(Suspense, { fallback: null }, createElement(KeysView, props)),
});

registerResourceView('redis', {
  matches: (r) => r === 'cli',
  label: () => 'CLI',
  render: (props) => createElement(Suspense, { fallback: null }, createElement(CliView, props)),
});

registerResourceView('redis', {
  matches: (r) => r === 'pubsub',
  label: () => 'Pub/Sub',
  render: (props) => createElement(Suspense, { fallback: null }, createElement(PubSubView, props)),
});

registerResourceView('redis', {
  matches: (r) => r === 'memory',
  label: () => 'Memory',
  render: (props) => createElement(Suspense, { fallback: null }, createElement(MemoryView, props)),
});

registerResourceView('redis', {
  matches: (r) => r === 'server',
  label: () => 'Server',
  render: (props) => createElement(Suspense, { fallback: null }, createElement(ServerView, props)),
});

registerResourceView('redis', {
  matches: (r) => r === 'search',
  label: () => 'Search',
  render: (props) => createElement(Suspense, { fallback: null }, createElement(SearchView, props)),
});
