/**
 * A small line diff (LCS) for showing what a re-generation changed. The
 * generated files are a few hundred lines, so the quadratic table is fine;
 * above MAX_LINES it says so instead of diffing.
 */
const MAX_LINES = 3000;
const CONTEXT = 2;

export function unifiedDiff(before: string, after: string, name: string): string | null {
  if (before === after) return null;
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) return `--- ${name}\n+++ ${name}\n(file too large to diff)`;
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { kind: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i]! });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', text: a[i++]! });
    else ops.push({ kind: '+', text: b[j++]! });
  }
  const out = [`--- ${name} (previous)`, `+++ ${name}`];
  let lastShown = -1;
  for (let k = 0; k < ops.length; k++) {
    const near = ops.slice(Math.max(0, k - CONTEXT), k + CONTEXT + 1).some((o) => o.kind !== ' ');
    if (!near) continue;
    if (lastShown !== -1 && k > lastShown + 1) out.push('@@');
    out.push(`${ops[k]!.kind}${ops[k]!.text}`);
    lastShown = k;
  }
  return out.join('\n');
}
