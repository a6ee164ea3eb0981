import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { processedEvents } from '../db/schema.js';

/**
 * Platforms redeliver: Slack retries an unacked event, gateways replay after a resume, webhooks retry.
 * `claim` records (platform, eventId) and tells whether this is the first delivery. The row is the source of
 * truth, so every process of a scaled-out deployment agrees.
 */
export class EventDedupe {
  constructor(
    private readonly db: Db,
    private readonly ttlSec: number,
  ) {}

  async claim(platform: string, eventId: string): Promise<boolean> {
    const expiresAt = new Date(Date.now() + this.ttlSec * 1000);
    const inserted = await this.db
      .insert(processedEvents)
      .values({ platform, eventId, expiresAt })
      .onConflictDoNothing()
      .returning({ eventId: processedEvents.eventId });
    if (inserted.length > 0) return true;
    // A row past its TTL is a new delivery of a recycled id, not a retry: take it over.
    const revived = await this.db
      .update(processedEvents)
      .set({ expiresAt, receivedAt: sql`now()` })
      .where(
        sql`${processedEvents.platform} = ${platform} and ${processedEvents.eventId} = ${eventId} and ${processedEvents.expiresAt} < now()`,
      )
      .returning({ eventId: processedEvents.eventId });
    return revived.length > 0;
  }

  /** Deletes expired rows; returns how many. */
  async sweep(): Promise<number> {
    const removed = await this.db
      .delete(processedEvents)
      .where(lt(processedEvents.expiresAt, new Date()))
      .returning({ eventId: processedEvents.eventId });
    return removed.length;
  }
}
