/** Resource ids of Mongo tabs: `coll:<db>/<collection>` (a database name never contains `/`). */

export function collectionResource(db: string, collection: string): string {
  return `coll:${db}/${collection}`;
}

export function parseCollectionResource(resource: string): { db: string; collection: string } | null {
  if (!resource.startsWith('coll:')) return null;
  const rest = resource.slice(5);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return null;
  return { db: rest.slice(0, slash), collection: rest.slice(slash + 1) };
}

export function collectionLabel(resource: string): string {
  const p = parseCollectionResource(resource);
  return p ? `${p.db}.${p.collection}` : resource;
}
