import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inboundDeliveries, inboundHooks } from '../db/schema.js';

/** Where an inbound hook also posts its results: a channel of a connected platform. */
export interface HookDestination {
  platform: string;
  channelId: string;
}

export interface InboundHook {
  id: string;
  tenantId: string;
  skill: string;
  destination: HookDestination | undefined;
  createdAt: Date;
}

/** A hook with the secrets that verify its deliveries: the current one, and the previous one during a rotation. */
export interface HookWithSecrets extends InboundHook {
  secrets: string[];
}

/** What claiming a delivery's webhook-id found: a new delivery to run, or the answer a first delivery gave. */
export type DeliveryClaim =
  | { kind: 'new' }
  | { kind: 'answered'; status: number; response: unknown }
  | { kind: 'running' };

/** Standard Webhooks secrets: "whsec_" and 24 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** How long a claimed delivery that never finished (its process died) blocks a redelivery. */
const STALE_CLAIM_MS = 10 * 60_000;

/** Inbound hooks and their deliveries in the database, shared by every process. */
export class DbInboundHooks {
  constructor(private readonly db: Db) {}

  async create(
    tenantId: string,
    skill: string,
    destination?: HookDestination,
  ): Promise<InboundHook & { secret: string }> {
    const id = `hook_${randomBytes(12).toString('base64url')}`;
    const secret = newSecret();
    const [row] = await this.db
      .insert(inboundHooks)
      .values({ id, tenantId, skill, destination: destination ?? null, secret })
      .returning();
    if (!row) throw new Error('the hook was not stored');
    return { ...toHook(row), secret };
  }

  async list(tenantId: string): Promise<InboundHook[]> {
    const rows = await this.db.select().from(inboundHooks).where(eq(inboundHooks.tenantId, tenantId));
    return rows.map(toHook);
  }

  /** By id alone: deliveries carry no tenant, the hook's id and signature stand for it. */
  async find(id: string, now = new Date()): Promise<HookWithSecrets | undefined> {
    const [row] = await this.db.select().from(inboundHooks).where(eq(inboundHooks.id, id));
    if (!row) return undefined;
    const previous = row.previousSecret && row.previousUntil && row.previousUntil > now ? [row.previousSecret] : [];
    return { ...toHook(row), secrets: [row.secret, ...previous] };
  }

  /** A new secret; the old one keeps working for `graceSec`, so senders can switch over without failures. */
  async rotate(
    tenantId: string,
    id: string,
    graceSec: number,
  ): Promise<{ secret: string; previousValidUntil: Date } | undefined> {
    const [current] = await this.db
      .select({ secret: inboundHooks.secret })
      .from(inboundHooks)
      .where(and(eq(inboundHooks.id, id), eq(inboundHooks.tenantId, tenantId)));
    if (!current) return undefined;
    const secret = newSecret();
    const previousValidUntil = new Date(Date.now() + graceSec * 1000);
    await this.db
      .update(inboundHooks)
      .set({ secret, previousSecret: current.secret, previousUntil: previousValidUntil })
      .where(eq(inboundHooks.id, id));
    return { secret, previousValidUntil };
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const deleted = await this.db
      .delete(inboundHooks)
      .where(and(eq(inboundHooks.id, id), eq(inboundHooks.tenantId, tenantId)))
      .returning({ id: inboundHooks.id });
    if (deleted.length) await this.db.delete(inboundDeliveries).where(eq(inboundDeliveries.hookId, id));
    return deleted.length > 0;
  }

  /**
   * Claims a delivery by its webhook-id: the first claim runs it; later ones get its stored answer (or learn it is
   * still running). A claim left unanswered for STALE_CLAIM_MS (its process died) may be taken over.
   */
  async claim(hookId: string, messageId: string): Promise<DeliveryClaim> {
    const staleBefore = new Date(Date.now() - STALE_CLAIM_MS);
    // One statement: a new id is inserted; an unanswered claim gone stale is taken over; an answered one stays.
    const inserted = await this.db
      .insert(inboundDeliveries)
      .values({ hookId, messageId })
      .onConflictDoUpdate({
        target: [inboundDeliveries.hookId, inboundDeliveries.messageId],
        set: { createdAt: new Date() },
        setWhere: and(isNull(inboundDeliveries.status), lt(inboundDeliveries.createdAt, staleBefore)),
      })
      .returning({ hookId: inboundDeliveries.hookId });
    if (inserted.length) return { kind: 'new' };
    const [row] = await this.db
      .select()
      .from(inboundDeliveries)
      .where(and(eq(inboundDeliveries.hookId, hookId), eq(inboundDeliveries.messageId, messageId)));
    return row?.status ? { kind: 'answered', status: row.status, response: row.response } : { kind: 'running' };
  }

  /** Forgets a claim whose run failed on our side (5xx), so the sender's retry runs it again. */
  async release(hookId: string, messageId: string): Promise<void> {
    await this.db
      .delete(inboundDeliveries)
      .where(and(eq(inboundDeliveries.hookId, hookId), eq(inboundDeliveries.messageId, messageId)));
  }

  /**
   * Stores the answer redeliveries get. With `job`, the delivery was accepted (202) for a slow run: its input is
   * stored with the answer, a pending job any process may run (DbHookJobs).
   */
  async answer(
    hookId: string,
    messageId: string,
    status: number,
    response: unknown,
    job?: { input: unknown },
  ): Promise<void> {
    const pending = job ? { jobState: 'pending', jobInput: job.input ?? {}, jobAttempts: 0, jobLeaseUntil: null } : {};
    await this.db
      .update(inboundDeliveries)
      .set({ status, response: response ?? null, ...pending })
      .where(and(eq(inboundDeliveries.hookId, hookId), eq(inboundDeliveries.messageId, messageId)));
  }
}

function toHook(row: typeof inboundHooks.$inferSelect): InboundHook {
  return {
    id: row.id,
    tenantId: row.tenantId,
    skill: row.skill,
    destination: (row.destination as HookDestination | null) ?? undefined,
    createdAt: row.createdAt,
  };
}
