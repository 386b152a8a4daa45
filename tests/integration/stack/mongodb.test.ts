/**
 * Round trip through the local MongoDB-wire server (127.0.0.1:27017; FerretDB
 * in the local stack, a real mongod with resources/compose.yaml) with the
 * official driver: insert documents into a database unique to this run, read
 * them back with a filter, sort and projection, then drop the database.
 *
 * Only features both servers have are used here; FerretDB's gaps are listed
 * at the top of tests/stack/servers/ferretdb.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, ObjectId } from 'mongodb';
import type { Collection, Db } from 'mongodb';
import ferretdb, { MONGODB_URI, mongoClientOptions } from '../../stack/servers/ferretdb.js';
import { requireServer, uniqueName } from '../helpers/servers.js';

interface Order {
  _id?: ObjectId;
  sku: string;
  qty: number;
  status: 'open' | 'shipped' | 'cancelled';
  createdAt: Date;
  tags: string[];
  warehouse: { city: string; bay: number };
}

const day = (n: number): Date => new Date(Date.UTC(2025, 0, n, 12, 0, 0));

const order = (
  sku: string,
  qty: number,
  status: Order['status'],
  n: number,
  tags: string[],
  city: string,
  bay: number,
): Order => ({
  sku,
  qty,
  status,
  createdAt: day(n),
  tags,
  warehouse: { city, bay },
});

const ORDERS: Order[] = [
  order('A-100', 5, 'open', 1, ['red'], 'Oslo', 1),
  order('A-101', 1, 'open', 2, ['blue'], 'Oslo', 2),
  order('B-200', 9, 'open', 3, ['red', 'big'], 'Lima', 1),
  order('B-201', 9, 'shipped', 4, ['big'], 'Lima', 3),
  order('C-300', 3, 'open', 5, [], 'Kobe', 7),
  order('C-301', 12, 'cancelled', 6, ['red'], 'Kobe', 2),
  order('A-102', 9, 'open', 7, ['green'], 'Oslo', 4),
  order('D-400', 7, 'open', 8, ['red'], 'Kobe', 1),
];

describe('mongodb (local stack)', () => {
  // Database names: FerretDB allows [a-zA-Z0-9_-]{1,63}; uniqueName fits.
  const dbName = uniqueName('stackdeck-it');
  let client: MongoClient | undefined;
  let db: Db;
  let orders: Collection<Order>;

  beforeAll(async () => {
    // Throws "mongodb is not reachable on 127.0.0.1:27017 (...). Start it with ..." — never skips.
    await requireServer(ferretdb);
    client = new MongoClient(MONGODB_URI, mongoClientOptions(10_000));
    await client.connect();
    db = client.db(dbName);
    orders = db.collection<Order>(uniqueName('orders'));
  });

  afterAll(async () => {
    if (client === undefined) return;
    try {
      await client.db(dbName).dropDatabase();
      const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
      expect(databases.map((d) => d.name)).not.toContain(dbName);
    } finally {
      await client.close();
    }
  });

  it('reports a MongoDB-compatible version through buildInfo', async () => {
    const info = await db.admin().command({ buildInfo: 1 });
    expect(info['version']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('inserts documents and finds them with a filter, sort and projection', async () => {
    // Copies: insertMany adds _id to the objects it is given.
    const inserted = await orders.insertMany(ORDERS.map((o) => ({ ...o })));
    expect(inserted.acknowledged).toBe(true);
    expect(inserted.insertedCount).toBe(ORDERS.length);
    expect(Object.values(inserted.insertedIds).every((id) => id instanceof ObjectId)).toBe(true);

    expect(await orders.countDocuments({})).toBe(ORDERS.length);

    // Compound sort with ties on qty (9, 9) broken by sku, descending qty first.
    const open = await orders
      .find({ status: 'open', qty: { $gte: 3 } })
      .sort({ qty: -1, sku: 1 })
      .project<Pick<Order, 'sku' | 'qty'>>({ _id: 0, sku: 1, qty: 1 })
      .toArray();
    expect(open).toEqual([
      { sku: 'A-102', qty: 9 },
      { sku: 'B-200', qty: 9 },
      { sku: 'D-400', qty: 7 },
      { sku: 'A-100', qty: 5 },
      { sku: 'C-300', qty: 3 },
    ]);
  });

  it('filters on nested fields, array elements and date ranges', async () => {
    const redInOsloOrKobe = await orders
      .find({ tags: 'red', 'warehouse.city': { $in: ['Oslo', 'Kobe'] } })
      .sort({ sku: 1 })
      .toArray();
    expect(redInOsloOrKobe.map((o) => o.sku)).toEqual(['A-100', 'C-301', 'D-400']);

    const window = await orders
      .find({ createdAt: { $gt: day(2), $lte: day(5) } })
      .sort({ createdAt: -1 })
      .limit(2)
      .toArray();
    expect(window.map((o) => o.sku)).toEqual(['C-300', 'B-201']);
    // Dates come back as Dates, not strings or numbers.
    expect(window[0]?.createdAt).toEqual(day(5));
    expect(window[0]?._id).toBeInstanceOf(ObjectId);

    const first = await orders.findOne({ sku: 'B-200' });
    expect(first).toMatchObject({ qty: 9, tags: ['red', 'big'], warehouse: { city: 'Lima', bay: 1 } });
  });
});
