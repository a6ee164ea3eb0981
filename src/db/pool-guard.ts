import type pg from 'pg';

/** How long a holder gets to release a client whose connection died, before the pool takes it back. */
const ABANDONED_AFTER_MS = 5000;

/**
 * Keeps a Postgres pool whole when connections drop. The pool listens for errors only on idle clients, so a
 * checked-out client whose connection dies would emit 'error' with nobody listening (and end the process). And
 * drizzle's transaction() never releases its client when BEGIN itself fails: each such failure would keep one of
 * the pool's connections for ever (the pool runs dry, and closing it waits for ever). So every client reports its
 * errors, and one whose connection died and whose holder has not released it after a few seconds (every other
 * holder releases at once) is released with the error, which drops it from the pool.
 */
export function guardPool(pool: pg.Pool, onError: (error: Error) => void): void {
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    const poolClient = client as pg.PoolClient;
    client.on('error', (error) => {
      onError(error);
      setTimeout(() => {
        if (checkedOut.has(poolClient)) {
          checkedOut.delete(poolClient);
          poolClient.release(error);
        }
      }, ABANDONED_AFTER_MS).unref();
    });
  });
}
