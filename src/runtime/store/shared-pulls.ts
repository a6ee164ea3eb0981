/** How far a model's pull is: bytes of all its files (total unknown until the Hub says the sizes). */
export interface PullState {
  done: number;
  total: number | undefined;
}

type Listener = (state: PullState) => void;

/**
 * One pull per model at a time in this process: a second request for a model being pulled waits for the same pull
 * (across processes the store's file lock does the same). Anyone may watch a model's progress, before its pull
 * starts too, so a request that is about to trigger a pull sees it from the first byte.
 */
export class SharedPulls<T> {
  private readonly running = new Map<string, { promise: Promise<T>; state: PullState }>();
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Runs `pull` for `key` unless one is running, whose result is shared. `pull` reports through `report`. */
  run(key: string, pull: (report: (state: PullState) => void) => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current) return current.promise;
    const entry = { state: { done: 0, total: undefined } as PullState, promise: undefined as unknown as Promise<T> };
    const report = (state: PullState) => {
      entry.state = state;
      for (const listener of this.listeners.get(key) ?? []) listener(state);
    };
    entry.promise = pull(report).finally(() => this.running.delete(key));
    this.running.set(key, entry);
    return entry.promise;
  }

  /** The running pull's progress, or undefined when none runs. */
  state(key: string): PullState | undefined {
    return this.running.get(key)?.state;
  }

  /** Calls `listener` with each progress report of `key`'s pulls until the returned function is called. */
  watch(key: string, listener: Listener): () => void {
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}
