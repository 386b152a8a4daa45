/** Stackdeck's embedded store (better-sqlite3): generic fail-safe database + lag history. */
export { EmbeddedStore, type Migration, type StoreOptions, type StoreStatus } from './database';
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
