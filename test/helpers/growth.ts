/**
 * How much longer `run` takes on `large` than on `small` (best of several runs each, so a busy machine's pauses
 * count less). A linear algorithm on a 10× larger input gives about 10, a quadratic one about 100: tests compare
 * with that, never with a fixed number of milliseconds.
 */
export function growthRatio<T>(run: (input: T) => unknown, small: T, large: T, rounds = 7): number {
  const best = (input: T) => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      run(input);
      fastest = Math.min(fastest, performance.now() - started);
    }
    return fastest;
  };
  best(small); // warm-up: the first runs compile the code being measured
  return best(large) / Math.max(best(small), 0.05);
}
