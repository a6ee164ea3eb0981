import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inboundDeliveries, webhookOutbox } from '../../src/db/schema.js';
import { createLogger } from '../../src/log.js';
import { DbInboundHooks } from '../../src/webhooks/inbound-hooks.js';
import { DbWebhookOutbox } from '../../src/webhooks/outbox.js';
import { sweepWebhooks } from '../../src/webhooks/retention.js';
import { databaseVariants, type TestDatabase } from '../helpers/db.js';

const DAY = 24 * 60 * 60 * 1000;
const [embedded] = databaseVariants;

/** Webhook rows expire: finished outbound messages after 30 days, inbound webhook-ids after 3; pending ones stay. */
describe.skipIf(!embedded || embedded.skip !== undefined)('webhook retention', () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await (embedded as NonNullable<typeof embedded>).create();
    await handle.database.migrate();
  });
  afterEach(async () => {
    await handle.dispose();
  });

  it('keeps answering a redelivery with the first answer however late it comes; takes over a stale unanswered claim', async () => {
    const { db } = handle.database;
    const hooks = new DbInboundHooks(db);
    const hook = await hooks.create('t', 'sentiment');
    expect(await hooks.claim(hook.id, 'msg_a')).toEqual({ kind: 'new' });
    await hooks.answer(hook.id, 'msg_a', 200, { label: 'positive' });
    expect(await hooks.claim(hook.id, 'msg_b')).toEqual({ kind: 'new' });
    expect(await hooks.claim(hook.id, 'msg_b')).toEqual({ kind: 'running' });
    // An hour later: the answered id still answers; the claim whose process died is taken over.
    await db.update(inboundDeliveries).set({ createdAt: new Date(Date.now() - 60 * 60_000) });
    expect(await hooks.claim(hook.id, 'msg_a')).toEqual({
      kind: 'answered',
      status: 200,
      response: { label: 'positive' },
    });
    expect(await hooks.claim(hook.id, 'msg_b')).toEqual({ kind: 'new' });
    expect(await hooks.claim(hook.id, 'msg_b')).toEqual({ kind: 'running' });
  });

  it('sweeps finished messages and old inbound ids, never pending ones', async () => {
    const { db } = handle.database;
    const outbox = new DbWebhookOutbox(db, { log: createLogger('silent'), retrySchedule: [0] });
    const endpoint = await outbox.subscribe('t', 'https://example.com/hook', ['image.ready']);
    await outbox.emit('t', 'image.ready', { n: 1 });
    await outbox.emit('t', 'image.ready', { n: 2 });
    const [done, waiting] = await db.select().from(webhookOutbox);
    expect(endpoint.id).toBeTruthy();
    await db
      .update(webhookOutbox)
      .set({ status: 'delivered' })
      .where(eq(webhookOutbox.id, done?.id ?? ''));
    const hooks = new DbInboundHooks(db);
    const hook = await hooks.create('t', 'sentiment');
    await hooks.claim(hook.id, 'msg_old');
    await hooks.answer(hook.id, 'msg_old', 200, { ok: true });

    const later = (days: number) => new Date(Date.now() + days * DAY);
    expect(await sweepWebhooks(db, later(2))).toEqual({ messages: 0, attempts: 0, deliveries: 0 });
    expect(await sweepWebhooks(db, later(4))).toMatchObject({ messages: 0, deliveries: 1 });
    expect(await sweepWebhooks(db, later(31))).toMatchObject({ messages: 1 });
    const left = await db.select({ id: webhookOutbox.id }).from(webhookOutbox);
    expect(left.map((r) => r.id)).toEqual([waiting?.id]);
    expect(await db.select().from(inboundDeliveries)).toEqual([]);
  });
});
