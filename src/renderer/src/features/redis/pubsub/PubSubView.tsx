import { useState, type ReactNode } from 'react';
import { bytesToBase64, textToBytes } from '../../../../../shared/contract/redis/bytes';
import type { PubSubMessage } from '../../../../../shared/contract/redis/pubsub';
import type { ResourceViewProps } from '../../../app/resources';
import { client } from '../../../api/client';
import { useStream } from '../../../api/hooks';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import '../../../styles/redis.css';
import { formatCount, valueText } from '../format';
import { useKeyAction } from '../useKeyAction';

/** Messages kept on screen: a ring of the newest. */
const KEEP = 2_000;

interface Sub {
  channels: string[];
  patterns: string[];
  shardChannels: string[];
}

const words = (s: string): string[] => s.split(/[\s,]+/).filter((w) => w !== '');

const COLUMNS: DataGridColumn<PubSubMessage>[] = [
  { id: 'at', header: 'Time', width: 110, cell: (m) => new Date(m.at).toLocaleTimeString('en-GB') },
  { id: 'channel', header: 'Channel', width: 200, cell: (m) => m.channel },
  { id: 'pattern', header: 'Pattern', width: 140, cell: (m) => m.pattern ?? '' },
  { id: 'payload', header: 'Message', width: 420, cell: (m) => valueText(m.payload.b64, 300) },
];

/**
 * Pub/Sub: subscribe to channels and patterns (the subscription has its own
 * connection in core, and a rate cap: what it drops is counted), see messages
 * live, newest last, in a bounded ring; publish a message.
 */
export function PubSubView({ profile, connectionId }: ResourceViewProps): ReactNode {
  const [channels, setChannels] = useState('');
  const [patterns, setPatterns] = useState('');
  // Shard channels (SSUBSCRIBE / SPUBLISH) exist on a Redis Cluster, where each lives on its slot's master.
  const cluster = profile.kind === 'redis' && profile.cluster;
  const [shard, setShard] = useState('');
  const [publishShard, setPublishShard] = useState(false);
  const [sub, setSub] = useState<Sub | null>(null);
  const [messages, setMessages] = useState<PubSubMessage[]>([]);
  const [counts, setCounts] = useState({ received: 0, dropped: 0 });
  const stream = useStream(
    'redis.pubsub.subscribe',
    {
      connectionId,
      channels: sub?.channels ?? [],
      patterns: sub?.patterns ?? [],
      shardChannels: sub?.shardChannels ?? [],
    },
    {
      enabled: sub !== null,
      keep: 1,
      onEvent: (e) => {
        if (e.kind !== 'messages') return;
        setCounts({ received: e.received, dropped: e.dropped });
        setMessages((prev) => {
          const next = prev.concat(e.messages);
          return next.length > KEEP ? next.slice(next.length - KEEP) : next;
        });
      },
    },
  );
  const [channel, setChannel] = useState('');
  const [message, setMessage] = useState('');
  const [receivers, setReceivers] = useState<number | null>(null);
  const action = useKeyAction();
  const live = sub !== null && stream.status === 'running';

  return (
    <div className="rd-pubsub" data-testid="redis-pubsub">
      <form
        className="rd-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const next = { channels: words(channels), patterns: words(patterns), shardChannels: words(shard) };
          if (next.channels.length + next.patterns.length + next.shardChannels.length === 0) return;
          setMessages([]);
          setCounts({ received: 0, dropped: 0 });
          setSub(next);
        }}
      >
        <input
          className="input mono"
          aria-label="Channels"
          placeholder="Channels (SUBSCRIBE), e.g. orders news"
          value={channels}
          onChange={(e) => setChannels(e.target.value)}
        />
        <input
          className="input mono"
          aria-label="Patterns"
          placeholder="Patterns (PSUBSCRIBE), e.g. events:*"
          value={patterns}
          onChange={(e) => setPatterns(e.target.value)}
        />
        {cluster ? (
          <input
            className="input mono"
            aria-label="Shard channels"
            placeholder="Shard channels (SSUBSCRIBE)"
            value={shard}
            onChange={(e) => setShard(e.target.value)}
          />
        ) : null}
        <button
          type="submit"
          className="btn btn-primary btn-sm"
          disabled={words(`${channels} ${patterns} ${shard}`).length === 0}
        >
          {sub ? 'Resubscribe' : 'Subscribe'}
        </button>
        {sub ? (
          <button type="button" className="btn btn-sm" onClick={() => setSub(null)}>
            Stop
          </button>
        ) : null}
      </form>
      <div className="rd-status" data-testid="redis-pubsub-status">
        {sub ? (
          <>
            {live ? <span className="spin" aria-hidden /> : null}
            <span>
              {live ? 'Listening to ' : 'Subscription ended: '}
              {[...sub.channels, ...sub.patterns, ...sub.shardChannels].join(', ')} · {formatCount(counts.received)}{' '}
              received
              {counts.dropped > 0 ? ` · ${formatCount(counts.dropped)} not shown (rate cap)` : ''}
              {messages.length >= KEEP ? ` · newest ${formatCount(KEEP)} kept` : ''}
            </span>
          </>
        ) : (
          <span className="faint">Not subscribed. Messages published while not subscribed are not kept by Redis.</span>
        )}
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={() => setMessages([])}>
          Clear
        </button>
      </div>
      {stream.error && sub ? <ErrorBanner error={stream.error} /> : null}
      <div className="rd-pubsub-grid">
        <DataGrid
          rows={messages}
          columns={COLUMNS}
          rowKey={(_, i) => String(i)}
          label="Messages"
          testId="redis-pubsub-messages"
          empty={<p className="faint rd-pad">{sub ? 'Waiting for messages…' : 'Subscribe to see messages.'}</p>}
        />
      </div>
      <form
        className="rd-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (channel.trim() === '') return;
          void action
            .run(() =>
              client.invoke('redis.pubsub.publish', {
                connectionId,
                channel: channel.trim(),
                message: bytesToBase64(textToBytes(message)),
                shard: cluster && publishShard,
              }),
            )
            .then((r) => {
              if (r) setReceivers(r.receivers);
            });
        }}
      >
        <input
          className="input mono"
          aria-label="Publish to channel"
          placeholder="Channel"
          value={channel}
          onChange={(e) => setChannel(e.target.value)}
        />
        <input
          className="input mono rd-grow"
          aria-label="Message"
          placeholder="Message"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
        {cluster ? (
          <label className="check">
            <input type="checkbox" checked={publishShard} onChange={(e) => setPublishShard(e.target.checked)} />
            Shard channel (SPUBLISH)
          </label>
        ) : null}
        <button
          type="submit"
          className="btn btn-sm"
          disabled={profile.readOnly || channel.trim() === '' || action.busy}
          title={profile.readOnly ? 'Read-only connection: publishing is refused' : undefined}
        >
          Publish
        </button>
        {receivers !== null ? (
          <span className="faint" data-testid="redis-publish-receivers">
            received by {receivers} subscriber{receivers === 1 ? '' : 's'}
          </span>
        ) : null}
      </form>
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
    </div>
  );
}

export default PubSubView;
