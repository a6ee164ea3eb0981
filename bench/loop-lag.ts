import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Lag<T> {
  value: T;
  /** Event-loop delay while `work` ran, in ms. */
  p99: number;
  max: number;
  seconds: number;
}

/** How late this thread's timers ran while `work` ran (5 ms resolution). */
export async function lagDuring<T>(work: () => Promise<T>): Promise<Lag<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // The histogram's first tick only starts its clock (no delay is recorded before it): a stall before that tick,
  // such as one long synchronous parse, would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  const value = await work();
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  // A stall is recorded when the timer finally fires: let it fire once more before reading.
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
  return { value, p99: ms(histogram.percentile(99)), max: ms(histogram.max), seconds };
}
