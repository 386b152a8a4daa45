/**
 * Kafka Connect in the shell: a "Kafka Connect" node under each Kafka connection and
 * its screen (`connect`): the connectors of the connection's Connect cluster.
 */
import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';
import '../../../styles/kafka-connect.css';

// Loaded on first use (the shell's TabBoundary shows the loading state).
const ConnectView = lazy(() => import('./ConnectView').then((m) => ({ default: m.ConnectView })));

// "Kafka Connect", not "Connect": the connection page already has a "Connect" button.
registerResources('kafka', () => [{ id: 'connect', label: 'Kafka Connect' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'connect',
  label: () => 'Kafka Connect',
  render: ({ connectionId, profile }) => createElement(ConnectView, { connectionId, readOnly: profile.readOnly }),
});
