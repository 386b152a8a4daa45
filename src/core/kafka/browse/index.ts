/**
 * Group-less reading: watermarks, start positions, the PartitionReader and
 * cursor pages. Nothing here joins a consumer group or commits an offset.
 */
export { TopicLeaders } from './leaders';
export {
  endOffset,
  fetchWatermarks,
  listOffsets,
  resolveStarts,
  type OutOfRangePolicy,
  type PartitionWatermarks,
  type ResolvedStart,
  type StartPosition,
} from './offsets';
export { openPartitionReader, type OpenedReader, type OpenReaderOptions, type PartitionReadSpec } from './openReader';
export { PartitionReader } from './partitionReader';
export {
  DEFAULT_RESPONSE_BUDGET,
  responseBytesFor,
  type RangeReaderOptions,
  type ReadChunk,
  type ReaderTuning,
  type ReadRange,
} from './readerOptions';
export {
  MAX_PAGE_SIZE,
  readPage,
  type Page,
  type PageCursor,
  type PagePartition,
  type PageRequest,
  type PageStart,
} from './pages';
