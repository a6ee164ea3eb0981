/**
 * Runs tasks one after another per key and concurrently across keys: a thread's messages are answered in the
 * order they were sent, while other threads don't wait behind it. The key is the event's `orderingKey` (its thread,
 * or its channel outside threads). In memory, per process: not a job queue.
 */
export class ThreadOrder {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;

  /** Tasks accepted and not yet finished, across all keys. */
  get depth(): number {
    return this.pending;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.pending += 1;
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      this.pending -= 1;
      // Forget the key once nothing queued behind this task, so the map doesn't grow with every thread ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
