/**
 * Consumer groups in the shell: a "Consumer groups" node under each Kafka
 * connection, the list screen (`groups`) and one screen per group (`group:<id>`).
 */
import { createElement, lazy } from 'react';
import { registerResourceView, registerResources } from '../../../app/resources';
import '../../../styles/kafka-groups.css';

// Loaded on first use (the shell's TabBoundary shows the loading state).
const GroupsList = lazy(() => import('./GroupsList').then((m) => ({ default: m.GroupsList })));
const GroupDetail = lazy(() => import('./GroupDetail').then((m) => ({ default: m.GroupDetail })));

const GROUP_PREFIX = 'group:';

registerResources('kafka', () => [{ id: 'groups', label: 'Consumer groups' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'groups' || r.startsWith(GROUP_PREFIX),
  label: (r) => (r === 'groups' ? 'Consumer groups' : `Group ${r.slice(GROUP_PREFIX.length)}`),
  render: ({ profile, connectionId, resource, openResource }) =>
    resource === 'groups'
      ? createElement(GroupsList, { connectionId, openResource })
      : createElement(GroupDetail, {
          key: resource,
          profile,
          connectionId,
          groupId: resource.slice(GROUP_PREFIX.length),
          openResource,
        }),
});
