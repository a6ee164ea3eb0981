import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, prepareEmbeddedTemplate } from '../../src/db/client.js';
import { openPglite } from '../../src/db/embedded.js';
import { MIGRATIONS_FOLDER } from '../../src/db/migrations.js';
import { openPgliteThread, startPgliteThread } from '../../src/db/pglite-thread.js';
import { settings } from '../../src/db/schema.js';
import { tempDir } from '../helpers/db.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The embedded database on its own thread, as the server's process runs it. The store contract and the webhook
 * suites also run on it (the `embedded-thread` variant in test/helpers/db.ts); this file covers what only a thread
 * can get wrong: errors crossing, transactions held open across messages, closing, and keeping a process alive.
 */
describe('embedded database on its own thread', () => {
  let dir: string;
  let database: Database;

  beforeAll(async () => {
    dir = tempDir();
    database = await openDatabase({ embeddedDir: path.join(dir, 'db'), embeddedThread: true });
    await database.migrate();
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (scope: string) =>
    (await database.db.select().from(settings)).filter((row) => row.scope === scope).length;
  const row = (scope: string) => ({ tenantId: 't1', scope, key: 'k', value: { on: true } });

  it("keeps Postgres's error fields (code, constraint) across the thread", async () => {
    await database.db.insert(settings).values(row('dup'));
    const failure = await database.db
      .insert(settings)
      .values(row('dup'))
      .then(() => undefined)
      .catch((error: unknown) => error as Error & { cause?: Record<string, unknown> });
    expect(failure).toBeInstanceOf(Error);
    // drizzle wraps the driver's error; the Postgres fields are on its cause, as with an in-process PGlite.
    expect(failure?.cause?.code).toBe('23505');
    expect(String(failure?.cause?.constraint)).toMatch(/settings/);
  });

  it('commits a transaction and rolls one back when its callback throws or calls rollback', async () => {
    await database.db.transaction(async (tx) => {
      await tx.insert(settings).values(row('tx-commit'));
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(settings).values(row('tx-throw'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(settings).values(row('tx-rollback'));
        tx.rollback();
      }),
    ).rejects.toThrow();
    expect([await count('tx-commit'), await count('tx-throw'), await count('tx-rollback')]).toEqual([1, 0, 0]);
  });

  it('rolls back a nested savepoint without losing the outer transaction', async () => {
    await database.db.transaction(async (tx) => {
      await tx.insert(settings).values(row('outer'));
      await tx
        .transaction(async (inner) => {
          await inner.insert(settings).values(row('inner'));
          throw new Error('inner fails');
        })
        .catch(() => {});
    });
    expect([await count('outer'), await count('inner')]).toEqual([1, 0]);
  });

  it('a failed COMMIT reaches the caller (an aborted transaction is not reported as committed)', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(settings).values(row('aborted'));
        // The duplicate aborts the transaction; the caller swallows the error and returns normally.
        await tx
          .insert(settings)
          .values(row('aborted'))
          .catch(() => {});
      }),
    ).rejects.toThrow();
    expect(await count('aborted')).toBe(0);
  });

  it('a query outside a transaction waits for it, as in-process PGlite does', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = database.db.transaction(async (tx) => {
      await tx.insert(settings).values(row('ordered'));
      order.push('tx wrote');
      await held;
      order.push('tx ends');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = count('ordered').then((n) => order.push(`outside saw ${n}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([transaction, outside]);
    expect(order).toEqual(['tx wrote', 'tx ends', 'outside saw 1']);
  });

  it('refuses query options that cannot cross threads rather than dropping them', async () => {
    const client = await openPgliteThread(path.join(dir, 'second'), true);
    try {
      await expect(client.query('select 1', [], { parsers: { 25: (text: string) => text.length } })).rejects.toThrow(
        /cannot cross threads/,
      );
      expect((await client.query<{ n: number }>('select 2 as n')).rows).toEqual([{ n: 2 }]);
    } finally {
      await client.close();
    }
    await expect(client.query('select 1')).rejects.toMatchObject({ code: 'unavailable', dependency: 'database' });
  });

  /** Runs `body` in a fresh Node process with `client` open on a thread; its exit code and output. */
  async function inChild(name: string, body: string): Promise<{ code: unknown; out: string }> {
    const script = `
      const { openPgliteThread } = await import(${JSON.stringify(path.join(root, 'src/db/pglite-thread.ts'))});
      const client = await openPgliteThread(${JSON.stringify(path.join(dir, name))}, true);
      ${body}
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    return { code, out: out.trim() };
  }

  it('an idle database thread does not keep the process alive', async () => {
    const ran = await inChild('idle', "console.log(JSON.stringify((await client.query('select 3 as n')).rows));");
    expect(ran).toEqual({ code: 0, out: '[{"n":3}]' });
  });

  it('close resolves once the thread has ended, and the caller goes on (a shutdown logs "stopped")', async () => {
    const ran = await inChild('closing', "await client.close(); console.log('stopped');");
    expect(ran).toEqual({ code: 0, out: 'stopped' });
  });
});

describe("migrating on the thread (the server's start)", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Our migrations plus one more, as after an upgrade: the template has all but the new one applied. */
  function migrationsWith(tag: string, statement: string): string {
    const folder = path.join(dir, `migrations-${tag}`);
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Record<string, unknown>[] };
    const last = journal.entries.at(-1) as { idx: number; when: number };
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(path.join(folder, `${tag}.sql`), statement);
    return folder;
  }

  it('applies a pending migration before any query runs, even one sent before it opened', async () => {
    const folder = migrationsWith('9000_probe', 'CREATE TABLE "thread_probe" ("n" integer);');
    const { client, opened } = startPgliteThread(path.join(dir, 'upgraded'), true, folder);
    try {
      // Sent at once: the thread takes it only after migrating, so the new table is there.
      const early = client.query<{ n: number }>('select count(*)::int as n from thread_probe');
      await opened;
      expect((await early).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.close();
    }
  });

  it('a migration that fails rejects the opening and every request, with the reason', async () => {
    const folder = migrationsWith('9001_broken', 'CREATE TABLE "settings" ("again" integer);');
    const { client, opened } = startPgliteThread(path.join(dir, 'broken'), true, folder);
    const early = client.query('select 1');
    await expect(opened).rejects.toThrow(/settings/);
    await expect(early).rejects.toThrow(/settings/);
    await expect(client.query('select 1')).rejects.toThrow(/settings/);
    await client.close();
  });
});

describe("the template's spare cluster", () => {
  let dir: string;
  let template: string;

  beforeAll(async () => {
    dir = tempDir();
    template = await prepareEmbeddedTemplate(path.join(dir, 'template'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first new cluster takes the spare; the next is copied from the intact template', async () => {
    expect(existsSync(`${template}.spare`)).toBe(true);
    for (const name of ['first', 'second']) {
      const client = await openPglite(path.join(dir, name), true, template);
      try {
        const { rows } = await client.query<{ n: number }>(
          'select count(*)::int as n from drizzle.__drizzle_migrations',
        );
        expect(rows[0]?.n).toBeGreaterThan(0);
      } finally {
        await client.close();
      }
      expect(existsSync(`${template}.spare`)).toBe(false);
    }
    expect(existsSync(path.join(template, 'PG_VERSION'))).toBe(true);
  });

  it('removes what interrupted builds left behind, and leaves a running build alone', async () => {
    // A pid no process has: the highest below the kernel's limit that does not answer a signal.
    const dead = [4_194_303, 4_194_302, 4_194_301].find((pid) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    });
    const leftovers = [`${template}.building-${dead}`, `${template}.spare.building-${dead}`];
    const running = `${template}.building-${process.ppid}`;
    for (const folder of [...leftovers, running]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'PG_VERSION'), '17');
    }
    await prepareEmbeddedTemplate(template);
    for (const folder of leftovers) expect(existsSync(folder)).toBe(false);
    expect(existsSync(running)).toBe(true);
    rmSync(running, { recursive: true, force: true });
  });

  it.skipIf(!existsSync('/dev/shm'))('a data directory on another file system is copied instead', async () => {
    await prepareEmbeddedTemplate(template);
    const onShm = path.join('/dev/shm', `omb-spare-${process.pid}-${Date.now()}`);
    try {
      const client = await openPglite(onShm, true, template);
      await client.close();
      expect(existsSync(path.join(onShm, 'PG_VERSION'))).toBe(true);
      // The rename failed across file systems, so the spare is still there for the next one.
      expect(existsSync(`${template}.spare`)).toBe(true);
    } finally {
      rmSync(onShm, { recursive: true, force: true });
    }
  });
});
