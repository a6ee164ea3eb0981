import type { Logger } from '../log.js';
import type { EventLease } from './ports.js';

/** Runs `work` while renewing the lease, so a long run (a long voice note) is not taken for a dead one. */
export async function holding<T>(lease: EventLease, everyMs: number, log: Logger, work: () => Promise<T>): Promise<T> {
  const renew = setInterval(() => {
    lease.renew().catch((err: unknown) => log.warn({ err }, 'could not renew an event lease'));
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(renew);
  }
}
