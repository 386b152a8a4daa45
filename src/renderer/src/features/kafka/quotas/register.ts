/**
 * Client quotas in the shell: a "Quotas" node under each Kafka connection and
 * its screen (`quotas`): entities and their quotas, a filter, set/edit with
 * the exact changes shown first, remove with confirmation.
 */
import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';

const QuotasView = lazy(() => import('./QuotasView').then((m) => ({ default: m.QuotasView })));

registerResources('kafka', () => [{ id: 'quotas', label: 'Quotas' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'quotas',
  label: () => 'Quotas',
  render: ({ connectionId, profile }) => createElement(QuotasView, { connectionId, readOnly: profile.readOnly }),
});
