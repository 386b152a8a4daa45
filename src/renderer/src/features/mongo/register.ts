import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../app/resources';
import { collectionLabel, parseCollectionResource } from './resourceIds';

/**
 * MongoDB's sidebar nodes ("Databases", "Server") and its screens: the
 * database tree, one tab per collection (`coll:<db>/<collection>`; database
 * names cannot hold `/`), and the server view. Screens load lazily.
 */
const DatabasesView = lazy(() => import('./DatabasesView'));
const CollectionView = lazy(() => import('./CollectionView'));
const ServerView = lazy(() => import('./server/ServerView'));

registerResources('mongo', () => [
  { id: 'databases', label: 'Databases' },
  { id: 'server', label: 'Server' },
]);

registerResourceView('mongo', {
  matches: (r) => r === 'databases',
  label: () => 'Databases',
  render: (props) => createElement(DatabasesView, props),
});

registerResourceView('mongo', {
  matches: (r) => parseCollectionResource(r) !== null,
  label: (r) => collectionLabel(r),
  render: (props) => createElement(CollectionView, props),
});

registerResourceView('mongo', {
  matches: (r) => r === 'server',
  label: () => 'Server',
  render: (props) => createElement(ServerView, props),
});
