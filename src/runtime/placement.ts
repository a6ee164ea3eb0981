/**
 * Where models go, as pure decisions (the pool applies them): the least loaded worker, and which idle models to
 * unload so the loaded weights stay within the memory budget.
 */
export interface Loaded {
  bytes: number;
  lastUsed: number;
  /** Running or with queued work: never evicted. */
  busy: boolean;
}

/** Index of the worker holding the fewest bytes (the first on ties). */
export function leastLoaded(bytesPerWorker: readonly number[]): number {
  let best = 0;
  bytesPerWorker.forEach((bytes, i) => {
    if (bytes < (bytesPerWorker[best] ?? Number.POSITIVE_INFINITY)) best = i;
  });
  return best;
}

/** Indexes of the models to unload, least recently used idle ones first, to fit `incoming` bytes in `budget`. */
export function evictions(loaded: readonly Loaded[], incoming: number, budget: number): number[] {
  let used = loaded.reduce((sum, m) => sum + m.bytes, 0);
  const order = loaded
    .map((m, i) => ({ ...m, i }))
    .filter((m) => !m.busy)
    .sort((a, b) => a.lastUsed - b.lastUsed);
  const chosen: number[] = [];
  for (const m of order) {
    if (used + incoming <= budget) break;
    used -= m.bytes;
    chosen.push(m.i);
  }
  return chosen;
}
