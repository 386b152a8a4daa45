/**
 * The message browser in the shell: a "Messages" node under each Kafka
 * connection (a screen with a topic-name input) and `messages:<topic>` tabs
 * that open straight on a topic (for a "Browse messages" action elsewhere).
 */
import { createElement } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';
import '../../../styles/kafka-messages.css';
import { MESSAGES_PREFIX, MessagesView, topicOfMessagesResource } from './MessagesView';

registerResources('kafka', () => [{ id: 'messages', label: 'Messages' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'messages' || r.startsWith(MESSAGES_PREFIX),
  label: (r) => (r === 'messages' ? 'Messages' : `Messages: ${topicOfMessagesResource(r)}`),
  render: (props) => createElement(MessagesView, { ...props, key: props.resource }),
});
