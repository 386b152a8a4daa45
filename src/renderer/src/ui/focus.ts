import type React from 'react';

/**
 * Focus helpers for modal surfaces. The index arithmetic is pure (unit tested);
 * the DOM part only queries the container.
 */

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

export function focusableIn(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !el.closest('[inert]') && el.getClientRects().length > 0,
  );
}

/**
 * Where Tab (or Shift+Tab) should go inside a trap of `count` elements when the
 * focused element is at `current` (-1: focus is outside the list). Returns the
 * index to focus, or null when Tab may proceed normally.
 */
export function trapTarget(count: number, current: number, backwards: boolean): number | null {
  if (count === 0) return null;
  if (current === -1) return backwards ? count - 1 : 0;
  if (backwards && current === 0) return count - 1;
  if (!backwards && current === count - 1) return 0;
  return null;
}

/** Keeps Tab inside `container`; call from a keydown handler. */
export function trapTab(event: KeyboardEvent | React.KeyboardEvent, container: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const items = focusableIn(container);
  const active = document.activeElement;
  const current = active instanceof HTMLElement ? items.indexOf(active) : -1;
  const target = trapTarget(items.length, current, event.shiftKey);
  if (target === null) {
    if (items.length === 0) event.preventDefault();
    return;
  }
  event.preventDefault();
  items[target]?.focus();
}
