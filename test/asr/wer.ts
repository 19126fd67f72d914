/** Word error rate after Whisper-style normalisation (case, punctuation, hyphens). */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const r = words(reference);
  return editDistance(r, words(hypothesis)) / r.length;
}

/** The words WER counts. */
export function words(s: string): string[] {
  return s.toLowerCase().replace(/[-‐]/g, ' ').replace(/[^\p{L}\p{N}\s']/gu, ' ').split(/\s+/).filter(Boolean);
}

/**
 * Character error rate, the usual measure for Chinese: case, punctuation and spaces removed, every other character
 * (Han, Latin letters of code-switched English, digits) one unit. No number normalisation: 9 and 九 differ.
 */
export function characterErrorRate(reference: string, hypothesis: string): number {
  const r = characters(reference);
  return editDistance(r, characters(hypothesis)) / r.length;
}

/** The characters CER counts (also the denominator when several clips are pooled). */
export function characters(s: string): string[] {
  return [...s.toLowerCase().replace(/[\p{P}\p{S}\s]/gu, '')];
}

/** Levenshtein distance between two token lists. */
export function editDistance(r: readonly string[], h: readonly string[]): number {
  const d = Array.from({ length: r.length + 1 }, (_, i) => Array.from({ length: h.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= r.length; i++)
    for (let j = 1; j <= h.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1));
  return d[r.length]![h.length]!;
}
