import { mongoBrowse } from './mongo/browse';
import { mongoDocuments } from './mongo/documents';

/**
 * The MongoDB area of the contract, by concern: server, databases and
 * collections (browse.ts); the query bar and CRUD (documents.ts). Typed values
 * cross as the DocValue tree (value.ts). Method names are `area.noun.verb`.
 */
export const mongo = {
  ...mongoBrowse,
  ...mongoDocuments,
} as const;
