/**
 * Reciprocal rank fusion: each list votes 1 / (k + rank) for its items; items found by several retrievers (vector
 * and full-text) rise. `k` = 60 is the constant of the original paper; it damps the top ranks' dominance.
 */
export function reciprocalRankFusion<T>(lists: readonly (readonly T[])[], key: (item: T) => string, k = 60) {
  const fused = new Map<string, { item: T; score: number }>();
  for (const list of lists) {
    list.forEach((item, rank) => {
      const id = key(item);
      const entry = fused.get(id) ?? { item, score: 0 };
      entry.score += 1 / (k + rank + 1);
      fused.set(id, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
