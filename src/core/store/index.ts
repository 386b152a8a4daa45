/** Stackdeck's embedded store (node:sqlite): generic fail-safe database + lag history. */
export {
  type Db,
  EmbeddedStore,
  type Migration,
  pluck,
  pragma,
  type StoreOptions,
  type StoreStatus,
  transaction,
} from './database';
export {
  LagHistory,
  type LagHistoryOptions,
  type LagPoint,
  type LagQuery,
  type LagSampleRow,
  type LagSeries,
  type MaintenanceReport,
} from './lagHistory';
export { RANGES, type Gap, type RangeName } from './series';
