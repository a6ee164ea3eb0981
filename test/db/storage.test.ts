import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { EventDedupe } from '../../src/store/dedupe.js';
import { Quotas } from '../../src/store/quotas.js';
import { Settings, TENANT_SCOPE } from '../../src/store/settings.js';
import { databaseVariants, type TestDatabase } from '../helpers/db.js';

for (const variant of databaseVariants) {
  if (variant.skip) console.warn(`[tests] storage on ${variant.name} skipped: ${variant.skip}`);

  describe.skipIf(variant.skip !== undefined)(`storage on ${variant.name}`, () => {
    let handle: TestDatabase;
    let database: Database;

    beforeEach(async () => {
      handle = await variant.create();
      database = handle.database;
    });
    afterEach(async () => {
      await handle.dispose();
    });

    async function appliedMigrations(): Promise<number> {
      const rows = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      return Number((rows as unknown as { rows: { n: number }[] }).rows[0]?.n);
    }

    it('applies migrations on a fresh database; running them again is a no-op', async () => {
      await handle.dispose();
      handle = await variant.create({ template: false });
      database = handle.database;
      const none = await database.db.execute(sql`select to_regclass('public.settings') as t`);
      expect((none as unknown as { rows: { t: string | null }[] }).rows[0]?.t).toBeNull();
      await database.migrate();
      const tables = await database.db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect((tables as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name)).toEqual([
        'answer_feedback',
        'answers',
        'api_keys',
        'image_records',
        'inbound_deliveries',
        'inbound_hooks',
        'mod_cases',
        'processed_events',
        'quota_usage',
        'settings',
        'skill_runs',
        'transcripts',
        'webhook_attempts',
        'webhook_endpoints',
        'webhook_outbox',
      ]);
      const before = await appliedMigrations();
      expect(before).toBeGreaterThan(0);
      await database.migrate();
      expect(await appliedMigrations()).toBe(before);
    });

    it('claims an event once, and again only after its TTL', async () => {
      await database.migrate();
      const dedupe = new EventDedupe(database.db, 3600);
      expect(await dedupe.claim('slack', 'Ev1')).toMatchObject({ attempt: 1 });
      expect(await dedupe.claim('slack', 'Ev1')).toBeUndefined();
      expect(await dedupe.claim('discord', 'Ev1')).toMatchObject({ attempt: 1 });
      const results = await Promise.all(Array.from({ length: 8 }, () => dedupe.claim('slack', 'Ev2')));
      expect(results.filter(Boolean)).toHaveLength(1);
      await database.db.execute(sql`update processed_events set expires_at = now() - interval '1 second'`);
      expect(await dedupe.claim('slack', 'Ev1')).toMatchObject({ attempt: 1 });
      await database.db.execute(sql`update processed_events set expires_at = now() - interval '1 second'`);
      expect(await dedupe.sweep()).toBe(3);
    });

    it('leases an event: a duplicate while the lease lives or after done, a rerun once it ran out unfinished', async () => {
      await database.migrate();
      const dedupe = new EventDedupe(database.db, 3600, 60);
      const first = await dedupe.claim('slack', 'Ev1');
      expect(first?.attempt).toBe(1);
      await first?.replies.record(0, { id: '1700000000.000100', channelId: 'C1' });
      // A second record of the same index (a stale writer) changes nothing.
      await first?.replies.record(0, { id: 'other', channelId: 'C1' });
      expect(await dedupe.claim('slack', 'Ev1')).toBeUndefined();
      // The process died: its lease runs out without done. Concurrent redeliveries: one of them reruns it.
      await database.db.execute(sql`update processed_events set lease_until = now() - interval '1 second'`);
      const reruns = (await Promise.all([1, 2, 3].map(() => dedupe.claim('slack', 'Ev1')))).filter((l) => l);
      expect(reruns.map((l) => l?.attempt)).toEqual([2]);
      const rerun = reruns[0];
      expect(await rerun?.replies.get(0)).toEqual({ id: '1700000000.000100', channelId: 'C1' });
      expect(await rerun?.replies.get(1)).toBeUndefined();
      // The dead run's late writes are ignored: it no longer holds the event.
      await first?.done();
      await database.db.execute(sql`update processed_events set lease_until = now() - interval '1 second'`);
      expect(await dedupe.claim('slack', 'Ev1')).toMatchObject({ attempt: 3 });
      const last = await dedupe.claim('slack', 'Ev9');
      await last?.done();
      await database.db.execute(sql`update processed_events set lease_until = now() - interval '1 second'`);
      expect(await dedupe.claim('slack', 'Ev9')).toBeUndefined();
    });

    it('counts quota use per window and says when the window ends', async () => {
      await database.migrate();
      let now = Date.UTC(2026, 0, 1, 12, 0, 10);
      const quotas = new Quotas(database.db, () => now);
      const limits = [{ bucket: 'user:x', limit: 2, windowSec: 60 }];
      expect(await quotas.hit(limits)).toEqual({ ok: true });
      expect(await quotas.hit(limits)).toEqual({ ok: true });
      expect(await quotas.hit(limits)).toEqual({ ok: false, bucket: 'user:x', limit: 2, retryAfterSec: 50 });
      now += 60_000;
      expect(await quotas.hit(limits)).toEqual({ ok: true });
      expect(await quotas.sweep()).toBe(1);
    });

    it('reads channel settings over tenant settings', async () => {
      await database.migrate();
      const settings = new Settings(database.db);
      await settings.set('t1', TENANT_SCOPE, 'moderation.enabled', true);
      await settings.set('t1', 'c2', 'moderation.enabled', false);
      expect(await settings.get('t1', 'c1', 'moderation.enabled')).toBe(true);
      expect(await settings.get('t1', 'c2', 'moderation.enabled')).toBe(false);
      expect(await settings.get('t2', 'c1', 'moderation.enabled')).toBeUndefined();
      await settings.set('t1', TENANT_SCOPE, 'moderation.enabled', { threshold: 0.8 });
      expect(await settings.get('t1', 'c1', 'moderation.enabled')).toEqual({ threshold: 0.8 });
      await settings.delete('t1', 'c2', 'moderation.enabled');
      expect(await settings.get('t1', 'c2', 'moderation.enabled')).toEqual({ threshold: 0.8 });
    });
  });
}

describe.skipIf(!databaseVariants.some((v) => v.name === 'postgres' && !v.skip))(
  'migrations on Postgres from several processes at once',
  () => {
    it('serialises concurrent migrations with an advisory lock', async () => {
      const variant = databaseVariants.find((v) => v.name === 'postgres');
      if (!variant) throw new Error('no postgres variant');
      const first = await variant.create();
      const { openDatabase } = await import('../../src/db/client.js');
      const others = await Promise.all(
        Array.from({ length: 3 }, () => openDatabase({ url: first.url as string, embeddedDir: '' })),
      );
      try {
        await Promise.all([first.database.migrate(), ...others.map((d) => d.migrate())]);
        const rows = await first.database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        const migrationFiles = readdirSync(path.resolve('migrations')).filter((f) => f.endsWith('.sql'));
        expect((rows as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(migrationFiles.length);
      } finally {
        await Promise.all(others.map((d) => d.close()));
        await first.dispose();
      }
    });
  },
);
