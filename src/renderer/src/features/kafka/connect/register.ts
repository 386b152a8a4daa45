/**
 * Kafka Connect in the shell: a "Connect" node under each Kafka connection and
 * its screen (`connect`): the connectors of the connection's Connect cluster.
 */
import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';
import '../../../styles/kafka-connect.css';

// Loaded on first use (the shell's TabBoundary shows the loading state).
const ConnectView = lazy(() => import('./ConnectView').then((m) => ({ default: m.ConnectView })));

registerResources('kafka', () => [{ id: 'connect', label: 'Connect' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'connect',
  label: () => 'Connect',
  render: ({ connectionId, profile }) => createElement(ConnectView, { connectionId, readOnly: profile.readOnly }),
});
