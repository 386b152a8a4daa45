import type { CatchUp } from '../../../../../shared/contract/kafka/groups';

/** Formatting for the groups screens. Everything returns text. */

const nf = new Intl.NumberFormat('en-US');

export function fmtNum(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : nf.format(n);
}

export function fmtRate(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return `${n < 10 ? n.toFixed(1) : nf.format(Math.round(n))} msg/s`;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.round(h / 24)} d`;
}

export function fmtTime(t: number): string {
  const d = new Date(t);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function fmtDayTime(t: number): string {
  const d = new Date(t);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "caught up", "catching up in ~3 min", "falling behind": the estimate as a sentence fragment. */
export function catchUpText(c: CatchUp | undefined): string {
  if (!c) return 'waiting for samples';
  switch (c.state) {
    case 'caught-up':
      return 'caught up';
    case 'catching-up':
      return `catching up in ~${fmtDuration(c.etaMs)}`;
    case 'falling-behind':
      return 'falling behind';
    case 'unknown':
      return 'estimating (needs two samples)';
  }
}

export const LAG_LABEL = 'Lag = high watermark − committed offset (matches kafka-consumer-groups)';
