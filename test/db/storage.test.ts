import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
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

    // What the stores do with their tables is the store contract's business (test/store/database.test.ts).
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
