import { mongoBrowse } from './mongo/browse';
import { mongoAdmin } from './mongo/admin';
import { mongoAggregate } from './mongo/aggregate';
import { mongoDocuments } from './mongo/documents';
import { mongoTransfer } from './mongo/transfer';

/**
 * The MongoDB area of the contract, by concern: server, databases and
 * collections (browse.ts); the query bar and CRUD (documents.ts). Typed values
 * cross as the DocValue tree (value.ts). Method names are `area.noun.verb`.
 */
export const mongo = {
  ...mongoBrowse,
  ...mongoDocuments,
  ...mongoAggregate,
  ...mongoAdmin,
  ...mongoTransfer,
} as const;
