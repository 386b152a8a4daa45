/**
 * The message browser in the shell: a "Messages" node under each Kafka
 * connection (a screen with a topic-name input) and `messages:<topic>` tabs
 * that open straight on a topic (for a "Browse messages" action elsewhere).
 */
import { createElement, lazy } from 'react';
import { registerResources, registerResourceView } from '../../../app/resources';
import '../../../styles/kafka-messages.css';

// Loaded on first use (the shell's TabBoundary shows the loading state). The prefix is repeated
// here (MessagesView exports the same) so this file does not pull the screen into the first chunk.
const MessagesView = lazy(() => import('./MessagesView').then((m) => ({ default: m.MessagesView })));
const MESSAGES_PREFIX = 'messages:';
const topicOfMessagesResource = (r: string): string =>
  r.startsWith(MESSAGES_PREFIX) ? r.slice(MESSAGES_PREFIX.length) : '';

registerResources('kafka', () => [{ id: 'messages', label: 'Messages' }]);

registerResourceView('kafka', {
  matches: (r) => r === 'messages' || r.startsWith(MESSAGES_PREFIX),
  label: (r) => (r === 'messages' ? 'Messages' : `Messages: ${topicOfMessagesResource(r)}`),
  render: (props) => createElement(MessagesView, { ...props, key: props.resource }),
});
