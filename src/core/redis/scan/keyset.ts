/**
 * Which keys a scan has seen, to drop SCAN's duplicates (a key may come back
 * when the server's table is resized mid-scan). An open-addressing table of
 * 32-bit hashes and key indices in typed arrays: a million keys cost ~16 MB
 * the garbage collector never walks, where a Set of a million strings made
 * the scan twice as slow (measured with bench/redis.ts). Equal hashes are
 * told apart by the caller's own comparison of the keys.
 */
export class KeySet {
  private hashes = new Uint32Array(1024);
  /** Key index + 1; 0 is an empty slot. */
  private slots = new Int32Array(1024);
  private count = 0;

  /** Adds key `index` unless a key equal to it is in the set already; answers whether it was added. */
  add(hash: number, index: number, equals: (other: number) => boolean): boolean {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = this.slots[i]!;
      if (at === 0) {
        this.slots[i] = index + 1;
        this.hashes[i] = hash;
        this.count++;
        return true;
      }
      if (this.hashes[i] === hash && equals(at - 1)) return false;
    }
  }

  private grow(): void {
    const { hashes, slots } = this;
    this.hashes = new Uint32Array(slots.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let j = 0; j < slots.length; j++) {
      if (slots[j] === 0) continue;
      let i = hashes[j]! & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = slots[j]!;
      this.hashes[i] = hashes[j]!;
    }
  }
}

/** FNV-1a over the key's bytes. */
export function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}
