import type { EventLease } from '../../core/ports.js';
import type { MessageRef } from '../../core/reply.js';
import type { Clock, DedupeStore } from './shapes.js';

interface EventRow {
  expiresAt: number;
  leaseUntil: number | undefined;
  doneAt: number | undefined;
  attempts: number;
  replies: MessageRef[];
}

/**
 * Event deduplication with leases, as `EventDedupe` keeps it in the database: a redelivery while the lease lives or
 * after done is a duplicate; one after a lease ran out unfinished runs again (attempt + 1); one past the TTL starts
 * over. Every check-and-write happens without awaiting, so concurrent claims see each other as rows do.
 */
export class MemoryEventDedupe implements DedupeStore {
  private readonly rows = new Map<string, EventRow>();

  constructor(
    private readonly ttlSec: number,
    private readonly leaseSec = 300,
    private readonly now: Clock = Date.now,
  ) {}

  get renewEveryMs(): number {
    return Math.max(250, Math.floor((this.leaseSec * 1000) / 3));
  }

  async claim(platform: string, eventId: string): Promise<EventLease | undefined> {
    const key = `${platform}\u0000${eventId}`;
    const now = this.now();
    const row = this.rows.get(key);
    const recycled = row !== undefined && row.expiresAt < now;
    const leaseLapsed = row !== undefined && row.doneAt === undefined && (row.leaseUntil ?? 0) < now;
    if (row && !recycled && !leaseLapsed) return undefined;
    const claimed: EventRow = {
      expiresAt: now + this.ttlSec * 1000,
      leaseUntil: now + this.leaseSec * 1000,
      doneAt: undefined,
      attempts: row && !recycled ? row.attempts + 1 : 1,
      replies: row && !recycled ? row.replies : [],
    };
    this.rows.set(key, claimed);
    return this.lease(key, claimed.attempts);
  }

  /** Forgets events past their TTL; returns how many. */
  async sweep(): Promise<number> {
    const now = this.now();
    let removed = 0;
    for (const [key, row] of this.rows) {
      if (row.expiresAt < now) {
        this.rows.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  private lease(key: string, attempt: number): EventLease {
    // Only the attempt that holds the row writes to it: a run that lost its lease is ignored.
    const mine = () => {
      const row = this.rows.get(key);
      return row?.attempts === attempt ? row : undefined;
    };
    return {
      attempt,
      renew: async () => {
        const row = mine();
        if (row && row.doneAt === undefined) row.leaseUntil = this.now() + this.leaseSec * 1000;
      },
      done: async () => {
        const row = mine();
        if (row) {
          row.doneAt = this.now();
          row.leaseUntil = undefined;
        }
      },
      replies: {
        get: async (index) => {
          const ref = this.rows.get(key)?.replies[index];
          return ref && { ...ref };
        },
        record: async (index, ref) => {
          const row = mine();
          if (row && row.replies.length === index) row.replies.push({ id: ref.id, channelId: ref.channelId });
        },
      },
    };
  }
}
