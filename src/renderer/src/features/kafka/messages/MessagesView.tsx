import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { InputOf } from '../../../../../shared/contract';
import type { BrowsePage, KafkaMessage } from '../../../../../shared/contract/kafka/messages';
import { client } from '../../../api/client';
import type { ResourceViewProps } from '../../../app/resources';
import { DataGrid } from '../../../ui/DataGrid';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Segmented } from '../../../ui/Field';
import { useEditorDraft } from '../../../ui/useEditorDraft';
import { BrowseBar, parsePartitions } from './BrowseBar';
import { messageColumns } from './columns';
import { ExportMessages } from './ExportMessages';
import { MessageDetail } from './MessageDetail';
import { ProduceDialog } from './ProduceDialog';
import { DEFAULT_FILTER, SearchPanel, toFilter, type FilterDraft } from './SearchPanel';
import { useSearch } from './useScan';
import { latestOnly } from './latest';
import { BUFFER, useTail } from './useTail';
import { SkippedBatches } from '../../../ui/SkippedBatches';

export const MESSAGES_PREFIX = 'messages:';

export function topicOfMessagesResource(resource: string): string {
  return resource.startsWith(MESSAGES_PREFIX) ? resource.slice(MESSAGES_PREFIX.length) : '';
}

type Mode = 'browse' | 'search' | 'tail';

/** The message browser: browse pages, search, live tail, produce and export for one topic at a time. */
export function MessagesView({ profile, connectionId, resource }: ResourceViewProps): ReactNode {
  const [topicInput, setTopicInput] = useState(topicOfMessagesResource(resource));
  const [topic, setTopic] = useState(topicOfMessagesResource(resource));
  const [mode, setMode] = useState<Mode>('browse');
  const [partitionsText, setPartitionsText] = useState('');
  const [pageSize, setPageSize] = useState(100);
  const [isolation, setIsolation] = useState<'read_committed' | 'read_uncommitted'>('read_committed');
  const [page, setPage] = useState<BrowsePage | undefined>();
  const [browseError, setBrowseError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'produce' | 'export' | null>(null);
  const [filterRest, setFilterRest] = useState<FilterDraft>(DEFAULT_FILTER);
  // The CEL text is an editor draft kept in core per connection and topic, so it survives a restart.
  const [celText, setCelText] = useEditorDraft(`kafka:${connectionId}:cel:${topic}`, '');
  const filter = useMemo(() => ({ ...filterRest, expression: celText }), [filterRest, celText]);
  const setFilter = useCallback(
    (f: FilterDraft) => {
      if (f.expression !== celText) setCelText(f.expression);
      setFilterRest(f);
    },
    [celText, setCelText],
  );
  const [alsoTail, setAlsoTail] = useState('');
  const [tailSkipOversize, setTailSkipOversize] = useState(false);
  const search = useSearch();
  const tail = useTail();
  const browseAbort = useRef<AbortController | null>(null);
  const browseLatest = useRef(latestOnly());

  const parsed = parsePartitions(partitionsText);
  const partitions = typeof parsed === 'string' ? undefined : parsed;
  const partitionsError = typeof parsed === 'string' ? parsed : null;

  const load = useCallback(
    (start: InputOf<'kafka.messages.browse'>['start'], t = topic) => {
      if (t === '' || partitionsError) return;
      browseAbort.current?.abort();
      const ac = new AbortController();
      browseAbort.current = ac;
      const current = browseLatest.current.begin();
      setLoading(true);
      setBrowseError(null);
      client
        .invoke(
          'kafka.messages.browse',
          { connectionId, topic: t, ...(partitions ? { partitions } : {}), pageSize, isolation, start },
          { signal: ac.signal },
        )
        .then(
          (p) => {
            // A page of an earlier request (another topic or page) never replaces the current one.
            if (!current() || ac.signal.aborted) return;
            setPage(p);
            setSelected(null);
          },
          (e: unknown) => {
            if (current() && !ac.signal.aborted) setBrowseError(e);
          },
        )
        .finally(() => {
          if (current() && !ac.signal.aborted) setLoading(false);
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- partitions is derived from partitionsText
    [connectionId, topic, partitionsText, pageSize, isolation, partitionsError],
  );

  // A tab opened on a topic (messages:<topic>) shows its newest page; later topics load from openTopic.
  useEffect(() => {
    const initial = topicOfMessagesResource(resource);
    const timer = initial === '' ? undefined : setTimeout(() => load({ kind: 'newest' }, initial), 0);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      browseAbort.current?.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per tab (the tab is keyed by its resource)
  }, []);

  const openTopic = (): void => {
    const t = topicInput.trim();
    if (t === '') return;
    tail.stop();
    search.cancel();
    setPage(undefined);
    setSelected(null);
    setTopic(t);
    load({ kind: 'newest' }, t);
  };

  const rows: readonly KafkaMessage[] =
    mode === 'browse' ? (page?.messages ?? []) : mode === 'search' ? search.state.matches : tail.state.rows;
  const columns = useMemo(() => messageColumns(mode === 'tail'), [mode]);
  const current = selected === null ? undefined : rows[selected];
  const searchFilter = toFilter(filter);

  return (
    <div className="km-page" data-testid="messages-view">
      <header className="km-head">
        <form
          className="km-bar"
          onSubmit={(e) => {
            e.preventDefault();
            openTopic();
          }}
        >
          <input
            className="input mono km-topic"
            aria-label="Topic"
            placeholder="Topic name"
            value={topicInput}
            onChange={(e) => setTopicInput(e.target.value)}
            data-testid="topic-input"
          />
          <button type="submit" className="btn" data-testid="topic-open">
            Open
          </button>
          <Segmented
            label="Mode"
            size="sm"
            value={mode}
            options={[
              { value: 'browse', label: 'Browse' },
              { value: 'search', label: 'Search' },
              { value: 'tail', label: 'Live tail' },
            ]}
            onChange={(m) => {
              setMode(m);
              setSelected(null);
            }}
            testId="messages-mode"
          />
          <input
            className="input km-parts"
            aria-label="Partitions"
            placeholder="Partitions: all"
            title="All partitions, or a list such as 0,2-4"
            value={partitionsText}
            onChange={(e) => setPartitionsText(e.target.value)}
          />
          <select
            className="select"
            aria-label="Page size"
            value={pageSize}
            onChange={(e) => setPageSize(Number(e.target.value))}
          >
            {[50, 100, 500, 1000].map((n) => (
              <option key={n} value={n}>
                {n} / page
              </option>
            ))}
          </select>
          <select
            className="select"
            aria-label="Isolation"
            value={isolation}
            onChange={(e) => setIsolation(e.target.value as typeof isolation)}
          >
            <option value="read_committed">Read committed</option>
            <option value="read_uncommitted">Read uncommitted</option>
          </select>
          <span className="spacer" />
          <button
            type="button"
            className="btn"
            disabled={topic === '' || profile.readOnly}
            title={profile.readOnly ? 'Read-only connection' : undefined}
            onClick={() => setDialog('produce')}
            data-testid="open-produce"
          >
            Produce
          </button>
          <button
            type="button"
            className="btn"
            disabled={topic === ''}
            onClick={() => setDialog('export')}
            data-testid="open-export"
          >
            Export
          </button>
        </form>
        {partitionsError ? <div className="field-error">{partitionsError}</div> : null}
        {topic === '' ? (
          <p className="muted">
            Enter a topic name and press Open to browse its messages. Reads never join a consumer group.
          </p>
        ) : null}
        {topic !== '' && mode === 'browse' ? (
          <BrowseBar
            topic={topic}
            settings={{ partitions, pageSize, isolation }}
            page={page}
            loading={loading}
            onLoad={(s) => load(s)}
          />
        ) : null}
        {topic !== '' && mode === 'search' ? (
          <SearchPanel
            connectionId={connectionId}
            topic={topic}
            state={search.state}
            filter={filter}
            onFilter={setFilter}
            onCancel={search.cancel}
            onExport={() => setDialog('export')}
            onRun={(range, f, limit, skipOversize) => {
              setSelected(null);
              search.run({
                connectionId,
                topic,
                ...(partitions ? { partitions } : {}),
                isolation,
                range,
                filter: f,
                limit,
                oversizeBatches: skipOversize ? 'skip' : 'stop',
              });
            }}
          />
        ) : null}
        {topic !== '' && mode === 'tail' ? (
          <div className="km-bar" data-testid="tail-bar">
            {tail.state.status === 'running' ? (
              <>
                <button type="button" className="btn" onClick={tail.stop} data-testid="tail-stop">
                  Stop
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() => tail.setPaused(!tail.state.paused)}
                  data-testid="tail-pause"
                >
                  {tail.state.paused ? 'Resume' : 'Pause'}
                </button>
              </>
            ) : (
              <>
                <input
                  className="input mono km-parts"
                  aria-label="Also tail topics"
                  placeholder="Also tail (topic, topic)"
                  value={alsoTail}
                  onChange={(e) => setAlsoTail(e.target.value)}
                />
                <label className="check">
                  <input
                    type="checkbox"
                    checked={tailSkipOversize}
                    onChange={(e) => setTailSkipOversize(e.target.checked)}
                    data-testid="tail-skip-oversize"
                  />{' '}
                  Skip batches too large to read
                </label>
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() =>
                    tail.start(
                      connectionId,
                      [
                        topic,
                        ...alsoTail
                          .split(',')
                          .map((t) => t.trim())
                          .filter(Boolean),
                      ],
                      tailSkipOversize,
                    )
                  }
                  data-testid="tail-start"
                >
                  Start tail
                </button>
              </>
            )}
            <span className="muted" data-testid="tail-counts">
              {tail.state.status === 'running' ? (tail.state.paused ? 'Paused · ' : 'Following · ') : ''}
              {tail.state.total.toLocaleString()} received · {tail.state.rows.length.toLocaleString()} shown (newest{' '}
              {BUFFER.toLocaleString()} kept)
            </span>
          </div>
        ) : null}
        {mode === 'browse' && browseError ? (
          <ErrorBanner error={browseError} onDismiss={() => setBrowseError(null)} />
        ) : null}
        {mode === 'search' && search.state.error && search.state.error.detail?.line === undefined ? (
          <ErrorBanner error={search.state.error} />
        ) : null}
        {mode === 'tail' && tail.state.error ? <ErrorBanner error={tail.state.error} /> : null}
        {mode === 'tail' ? <SkippedBatches batches={tail.state.skipped} testId="tail-skipped" /> : null}
        {mode === 'browse' && page?.notes.length ? (
          <div className="banner banner-info km-note" role="status" data-testid="browse-notes">
            {page.notes.join(' ')}
          </div>
        ) : null}
      </header>
      <div className="km-body">
        <div className="km-grid">
          <DataGrid
            // Remount per mode: the tail grid has an extra Topic column and the grid keeps its column widths in state.
            key={mode}
            rows={rows}
            columns={columns}
            rowKey={(m) => `${m.topic}:${m.partition}:${m.offset}`}
            label="Messages"
            selectedIndex={selected}
            onSelect={setSelected}
            testId="messages-grid"
            empty={
              <span className="muted">
                {topic === ''
                  ? 'No topic open.'
                  : mode === 'browse'
                    ? loading
                      ? 'Loading…'
                      : 'No messages on this page.'
                    : mode === 'search'
                      ? 'No matches yet.'
                      : 'Waiting for new messages.'}
              </span>
            }
          />
        </div>
        {current ? (
          <MessageDetail
            key={`${current.topic}:${current.partition}:${current.offset}`}
            message={current}
            connectionId={connectionId}
          />
        ) : null}
      </div>
      {dialog === 'produce' ? (
        <ProduceDialog connectionId={connectionId} topic={topic} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'export' ? (
        <ExportMessages
          connectionId={connectionId}
          topic={topic}
          partitions={partitions}
          isolation={isolation}
          searchFilter={mode === 'search' && typeof searchFilter !== 'string' ? searchFilter : null}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
