/**
 * "Did you mean …?" for module paths and exported names: the closest
 * candidate by edit distance, only when it is close enough to be plausible.
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      current.push(value);
    }
    prevPrev = prev;
    prev = current;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `wanted`, or undefined when none is within
 * `maxRatio` of its length (default: a third of the characters may differ).
 * Case differences count half, so `Config` finds `config`.
 */
export function closestMatch(
  wanted: string,
  candidates: Iterable<string>,
  maxRatio = 0.34,
): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  const wantedLower = wanted.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === wanted) continue;
    const lowerDistance = editDistance(wantedLower, candidate.toLowerCase());
    const score = lowerDistance + (candidate.toLowerCase() === wantedLower ? 0.5 : 0);
    const limit = Math.max(1, Math.floor(Math.max(wanted.length, candidate.length) * maxRatio));
    if (lowerDistance <= limit && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
