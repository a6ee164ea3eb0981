import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ key: string; next: number }>();

/**
 * Runs `fn` as the handling of one event: the inference jobs it queues get ids derived from the event's id, in
 * order, so an event redelivered to another gateway finds the jobs already queued instead of queueing them twice.
 */
export function withJobScope<T>(eventKey: string, fn: () => T): T {
  // BullMQ reserves ':' in job ids.
  return scope.run({ key: eventKey.replace(/:/g, '-'), next: 0 }, fn);
}

/** The next job id of the current event, or undefined outside one (API calls: the queue picks an id). */
export function nextJobId(): string | undefined {
  const current = scope.getStore();
  return current ? `${current.key}.${current.next++}` : undefined;
}
