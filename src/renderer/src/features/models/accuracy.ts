import type { MetricsPoint } from '../../../../shared/contract/models';

/** Fewer feedbacks than this in the window say too little to mark a deployment. */
export const MIN_FEEDBACK = 10;

/** The threshold field as a percentage, or null when it is not one. */
export function parseThreshold(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

/** Under the threshold (0..1) over at least MIN_FEEDBACK feedbacks. */
export function needsRetraining(point: MetricsPoint, threshold: number): boolean {
  return point.accuracy !== null && point.accuracyOf >= MIN_FEEDBACK && point.accuracy < threshold;
}
