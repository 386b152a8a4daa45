/**
 * Schema Registry in the shell: a "Schemas" node under each Kafka connection and
 * its screen (`schemas`): the subjects of the connection's Schema Registry.
 */
import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';
import '../../../styles/kafka-schemas.css';

// Loaded on first use (the shell's TabBoundary shows the loading state).
const SchemasView = lazy(() => import('./SchemasView').then((m) => ({ default: m.SchemasView })));

registerResources('kafka', () => [{ id: 'schemas', label: 'Schemas' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'schemas',
  label: () => 'Schemas',
  render: ({ connectionId, profile }) => createElement(SchemasView, { connectionId, readOnly: profile.readOnly }),
});
