import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';
import '../../../styles/kafka-topics.css';
import { topicOfResource } from './logic';

// Loaded on first use (the shell's TabBoundary shows the loading state), so the first screen carries none of it.
const ClusterView = lazy(() => import('./ClusterView').then((m) => ({ default: m.ClusterView })));
const TopicsView = lazy(() => import('./TopicsView').then((m) => ({ default: m.TopicsView })));
const TopicDetailView = lazy(() => import('./TopicDetailView').then((m) => ({ default: m.TopicDetailView })));

/**
 * Kafka's "Cluster" and "Topics" sidebar nodes and the screens of
 * `cluster`, `topics` and `topic:<name>`. Screens connect on first use (the
 * client registry connects lazily), so the nodes show whatever the state.
 */
registerResources('kafka', () => [
  { id: 'cluster', label: 'Cluster' },
  { id: 'topics', label: 'Topics' },
]);

registerResourceView('kafka', {
  matches: (r) => r === 'cluster' || r === 'topics' || topicOfResource(r) !== null,
  label: (r) => (r === 'cluster' ? 'Cluster' : r === 'topics' ? 'Topics' : (topicOfResource(r) ?? r)),
  render: (props) =>
    props.resource === 'cluster'
      ? createElement(ClusterView, props)
      : props.resource === 'topics'
        ? createElement(TopicsView, props)
        : createElement(TopicDetailView, { ...props, key: props.resource }),
});
