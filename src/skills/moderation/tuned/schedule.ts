import type { Logger } from '../../../log.js';
import type { ModerationStore } from '../store.js';
import type { Tuner } from './tuner.js';

/**
 * Retrains every server that has a head, every `intervalMs`, one server at a time (training is background work
 * and the pool is shared). A server's failure is logged and the others still train.
 */
export function scheduleTuning(tuner: Tuner, store: ModerationStore, intervalMs: number, log: Logger) {
  let running: Promise<void> | undefined;
  const retrainAll = async () => {
    for (const tenantId of await store.tunedTenants()) {
      const outcome = await tuner.train(tenantId, 'schedule').catch((err: unknown) => {
        log.warn({ err, tenantId }, 'scheduled training of the tuned moderation head failed');
        return undefined;
      });
      if (outcome) log.info({ tenantId, trained: outcome.trained }, 'tuned moderation head retrained on schedule');
    }
  };
  const timer = setInterval(() => {
    running ??= retrainAll()
      .catch((err: unknown) => log.warn({ err }, 'scheduled training failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    /** Stops the timer and waits for a run in progress. */
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
