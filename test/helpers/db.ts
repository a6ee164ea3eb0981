import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.js';
import { skipReason } from './requires.js';

export interface TestDatabase {
  database: Database;
  /** A postgres URL for this database (Postgres variant only). */
  url?: string;
  /** Closes and deletes the database. */
  dispose(): Promise<void>;
}

export interface DatabaseVariant {
  name: 'embedded' | 'embedded-thread' | 'postgres';
  /** Why the variant is skipped; undefined when it runs. */
  skip: string | undefined;
  /** `template: false` gives an embedded cluster that has never seen a migration (Postgres ones never have). */
  create(options?: { template?: boolean }): Promise<TestDatabase>;
}

export function tempDir(prefix = 'omb-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The embedded database in this thread, or (`embedded-thread`) on a thread of its own, as the server runs it. */
function embeddedVariant(name: 'embedded' | 'embedded-thread'): DatabaseVariant {
  return {
    name,
    skip: undefined,
    async create({ template = true } = {}) {
      const dir = tempDir();
      const database = await openDatabase({
        embeddedDir: path.join(dir, 'db'),
        embeddedTemplate: template,
        embeddedThread: name === 'embedded-thread',
      });
      return {
        database,
        async dispose() {
          await database.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** A fresh database on the real server for each test, so tests never see each other's rows. */
export async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `omb_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

const postgresUrl = process.env.DATABASE_URL || undefined;
const postgres: DatabaseVariant = {
  name: 'postgres',
  skip: postgresUrl ? undefined : skipReason('DATABASE_URL is unset'),
  async create() {
    if (!postgresUrl) throw new Error('DATABASE_URL is unset');
    const created = await createPostgresDatabase(postgresUrl);
    const database = await openDatabase({ url: created.url, embeddedDir: '' });
    return {
      database,
      url: created.url,
      async dispose() {
        await database.close();
        await created.drop();
      },
    };
  },
};

/** Storage tests run on each: the embedded database always (in this thread and on its own), Postgres when DATABASE_URL is set. */
export const databaseVariants: readonly DatabaseVariant[] = [
  embeddedVariant('embedded'),
  embeddedVariant('embedded-thread'),
  postgres,
];
