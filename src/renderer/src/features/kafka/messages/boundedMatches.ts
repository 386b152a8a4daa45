/**
 * The search matches the renderer holds: at most MAX_HELD_MATCHES, the oldest
 * dropped first, with a count of what was dropped. A search may match up to
 * 100,000 messages (its limit), each with a value preview; holding them all
 * in the tab would grow the renderer without bound, so the panel shows the
 * newest ones and points to export (which streams to a file in core) for the
 * full set. A new array per batch of matches, not per record.
 */
export const MAX_HELD_MATCHES = 5_000;

export interface Held<T> {
  items: readonly T[];
  /** Matches received and no longer held. */
  dropped: number;
}

export function emptyHeld<T>(): Held<T> {
  return { items: [], dropped: 0 };
}

export function appendBounded<T>(held: Held<T>, incoming: readonly T[], max = MAX_HELD_MATCHES): Held<T> {
  if (incoming.length === 0) return held;
  const total = held.items.length + incoming.length;
  if (total <= max) return { items: held.items.concat(incoming), dropped: held.dropped };
  const over = total - max;
  const items =
    over >= held.items.length ? incoming.slice(incoming.length - max) : held.items.slice(over).concat(incoming);
  return { items, dropped: held.dropped + over };
}
