import type { Logger } from '../../../log.js';
import type { ModerationStore } from '../store.js';
import type { Tuner } from './tuner.js';

/** Claims of one-off work shared by every process (the core's event claims fit): the first claim wins. */
export interface TrainingClaims {
  claim(kind: string, id: string): Promise<{ done(): Promise<void> } | undefined>;
}

/**
 * Retrains every server that has a head, every `intervalMs`, one server at a time (training is background work
 * and the pool is shared). A server's failure is logged and the others still train.
 *
 * Every process of a deployment (gateway shards, workers) runs this timer; a server's training of one period is
 * claimed like an event (`claims`, the database's event claims), so only one process trains it. A process that
 * dies mid-training lets its lease lapse, and the next timer tick elsewhere trains it again.
 */
export function scheduleTuning(
  tuner: Tuner,
  store: ModerationStore,
  claims: TrainingClaims,
  intervalMs: number,
  log: Logger,
) {
  let running: Promise<void> | undefined;
  const retrain = async (tenantId: string, period: number) => {
    const lease = await claims.claim('schedule', `moderation.tuned:${tenantId}:${period}`);
    if (!lease) return;
    const outcome = await tuner.train(tenantId, 'schedule').catch((err: unknown) => {
      log.warn({ err, tenantId }, 'scheduled training of the tuned moderation head failed');
      return undefined;
    });
    await lease.done();
    if (outcome) log.info({ tenantId, trained: outcome.trained }, 'tuned moderation head retrained on schedule');
  };
  const retrainAll = async () => {
    const period = Math.floor(Date.now() / intervalMs);
    for (const tenantId of await store.tunedTenants()) await retrain(tenantId, period);
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
