/**
 * A fixed-capacity buffer that keeps the newest `capacity` items: pushing into
 * a full ring overwrites the oldest in O(1) (the tail used to `shift()` an
 * array per record once it was full, O(capacity) each).
 */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('a ring needs a capacity of at least 1');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds `item`; returns true when the oldest item was dropped to make room. */
  push(item: T): boolean {
    const at = (this.head + this.count) % this.capacity;
    this.items[at] = item;
    if (this.count < this.capacity) {
      this.count++;
      return false;
    }
    this.head = (this.head + 1) % this.capacity;
    return true;
  }

  /** Everything held, oldest first, and empties the ring. */
  drain(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const at = (this.head + i) % this.capacity;
      out.push(this.items[at] as T);
      this.items[at] = undefined;
    }
    this.head = 0;
    this.count = 0;
    return out;
  }
}
