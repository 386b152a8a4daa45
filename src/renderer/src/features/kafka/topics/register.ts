import { createElement } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';
import '../../../styles/kafka-topics.css';
import { ClusterView } from './ClusterView';
import { topicOfResource } from './logic';
import { TopicDetailView } from './TopicDetailView';
import { TopicsView } from './TopicsView';

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
