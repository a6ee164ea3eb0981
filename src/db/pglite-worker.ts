import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { openPglite } from './embedded.js';
import type { FromDatabaseThread, QueryRequest, ToDatabaseThread, WireError } from './pglite-protocol.js';

/**
 * The embedded database's own thread (see pglite-thread.ts): opens PGlite in `workerData.dir` and answers the main
 * thread's queries, transactions and close. Postgres compiled to WASM runs here, so neither its start nor a query
 * holds up the server's event loop.
 */
const port = parentPort;
if (!port) throw new Error('pglite-worker runs as a worker thread');
const { dir, useTemplate, migrationsFolder } = workerData as {
  dir: string;
  useTemplate: boolean;
  migrationsFolder?: string;
};

const send = (message: FromDatabaseThread) => port.postMessage(message);

try {
  const pg = await openPglite(dir, useTemplate);
  // Migrated here, before any request is taken: the main thread's queries queue on this port meanwhile.
  if (migrationsFolder) await migrateOnThread(pg, migrationsFolder);
  /** Open transactions by the main thread's id: the PGlite transaction and how to end it. */
  const open = new Map<number, { tx: Transaction; end: (commit: boolean) => void; settled: Promise<unknown> }>();

  const query = ({ tx, sql, params, rowMode, keepText }: QueryRequest) => {
    const target = tx === undefined ? pg : open.get(tx)?.tx;
    if (!target) throw new Error(`no open transaction ${tx}`);
    // Values of these types stay the text Postgres sent (drizzle parses timestamps, dates and intervals itself).
    const parsers = Object.fromEntries(keepText.map((type) => [type, (value: string) => value]));
    return target.query(sql, params, { rowMode, parsers });
  };

  /** BEGINs and resolves once the transaction is open; it ends when `end` is called (COMMIT or ROLLBACK). */
  const begin = (id: number) =>
    new Promise<void>((started, failed) => {
      let end: (commit: boolean) => void = () => {};
      const decided = new Promise<boolean>((resolve) => {
        end = resolve;
      });
      const settled = pg.transaction(async (tx) => {
        open.set(id, { tx, end, settled });
        started();
        if (!(await decided)) await tx.rollback();
      });
      settled.catch(failed).finally(() => open.delete(id));
    });

  const handle = async (message: ToDatabaseThread): Promise<unknown> => {
    switch (message.op) {
      case 'query': {
        const { rows, fields, affectedRows } = await query(message);
        return { rows, fields, affectedRows };
      }
      case 'begin':
        return begin(message.tx);
      case 'end': {
        const transaction = open.get(message.tx);
        if (!transaction) throw new Error(`no open transaction ${message.tx}`);
        transaction.end(message.commit);
        await transaction.settled;
        return undefined;
      }
      case 'close':
        await pg.close();
        // Once the answer is out: nothing else may keep this thread alive.
        setImmediate(() => port.close());
        return undefined;
    }
  };

  port.on('message', (message: ToDatabaseThread) => {
    handle(message).then(
      (value) => send({ id: message.id, ok: true, value }),
      (error: unknown) => send({ id: message.id, ok: false, error: toWire(error) }),
    );
  });
  send({ id: 0, ok: true, value: undefined });
} catch (error) {
  send({ id: 0, ok: false, error: toWire(error) });
  port.close();
}

/**
 * Applies the pending migrations. drizzle's migrator applies exactly those newer than the last one applied, so when
 * that is the journal's newest (every start but the first after an upgrade) there is nothing to do, and loading
 * drizzle (~0.15 s at a cold start) and its bookkeeping queries are skipped.
 */
async function migrateOnThread(pg: PGlite, folder: string): Promise<void> {
  if (await upToDate(pg, folder)) return;
  const [{ drizzle }, { migrate }] = await Promise.all([
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  await migrate(drizzle({ client: pg }), { migrationsFolder: folder });
}

/**
 * An error as data: Postgres's fields (code, constraint, detail …) survive, which a structured clone of an Error
 * would drop; fields that cannot be cloned (the query's parser functions) are left out.
 */
function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      fields[key] = structuredClone(value);
    } catch {
      // A function or the like: not part of what callers read.
    }
  }
  return { name: error.name, message: error.message, fields };
}

async function upToDate(pg: PGlite, folder: string): Promise<boolean> {
  const journal = JSON.parse(await readFile(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  try {
    const { rows } = await pg.query<{ last: string | null }>(
      'select max(created_at)::text as last from drizzle.__drizzle_migrations',
    );
    return Number(rows[0]?.last ?? Number.NEGATIVE_INFINITY) >= newest;
  } catch {
    return false; // never migrated: no bookkeeping table yet
  }
}
