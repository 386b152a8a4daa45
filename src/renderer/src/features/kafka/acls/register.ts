/**
 * ACLs in the shell: an "ACLs" node under each Kafka connection and its
 * screen (`acls`): list with filters, create with the resulting binding
 * shown, delete with a preview of exactly what goes.
 */
import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';

const AclsView = lazy(() => import('./AclsView').then((m) => ({ default: m.AclsView })));

registerResources('kafka', () => [{ id: 'acls', label: 'ACLs' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'acls',
  label: () => 'ACLs',
  render: ({ connectionId, profile }) => createElement(AclsView, { connectionId, readOnly: profile.readOnly }),
});
