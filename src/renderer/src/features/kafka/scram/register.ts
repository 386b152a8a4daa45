/**
 * SCRAM users in the shell: a "SCRAM users" node under each Kafka connection
 * and its screen (`scram`): users with mechanisms and iterations, create or
 * change a password, delete one mechanism's credential with confirmation.
 */
import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';

const ScramUsersView = lazy(() => import('./ScramUsersView').then((m) => ({ default: m.ScramUsersView })));

registerResources('kafka', () => [{ id: 'scram', label: 'SCRAM users' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'scram',
  label: () => 'SCRAM users',
  render: ({ connectionId, profile }) =>
    createElement(ScramUsersView, {
      connectionId,
      readOnly: profile.readOnly,
      usesSasl: profile.kind === 'kafka' && profile.sasl.mechanism !== 'none',
    }),
});
