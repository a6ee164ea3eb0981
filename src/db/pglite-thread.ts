import type { PGlite } from '@electric-sql/pglite';
import { AppError } from '../errors.js';
import { moduleWorker, siblingModule } from '../threads.js';
import type { FromDatabaseThread, ToDatabaseThread, WireError } from './pglite-protocol.js';

const ENTRY = siblingModule('pglite-worker', import.meta.url);

/** What drizzle's PGlite driver calls on its client (and on a transaction's): query, plus transaction. */
export interface PgliteClient {
  query: PGlite['query'];
  transaction<T>(callback: (tx: Pick<PgliteClient, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type QueryOptions = {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, (value: string, type: number) => unknown>;
};

/**
 * The embedded database on a thread of its own (pglite-worker.ts). Postgres compiled to WASM runs on whichever
 * thread calls it: in-process, its start (~0.7 s) and every query held up the event loop. On its own thread it
 * starts while the server's modules load, and queries run beside the server. Each query crosses as a message;
 * transactions stay open on that thread until the main thread ends them, so drizzle's semantics are PGlite's own.
 * The thread keeps the process alive only while a request is out, as an in-process PGlite would.
 */
export async function openPgliteThread(dir: string, useTemplate: boolean): Promise<PgliteClient> {
  const { client, opened } = startPgliteThread(dir, useTemplate);
  await opened;
  return client;
}

/**
 * Starts the thread and hands out its client at once: requests wait on the thread until it has opened the
 * database (and, given `migrationsFolder`, migrated it), so nothing can run against an older schema. `opened`
 * settles when that is done, or rejects with why it failed (then every request does too).
 */
export function startPgliteThread(
  dir: string,
  useTemplate: boolean,
  migrationsFolder?: string,
): { client: PgliteClient; opened: Promise<void> } {
  const worker = moduleWorker(ENTRY, { workerData: { dir, useTemplate, migrationsFolder } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let nextTx = 1;
  let stopped: Error | undefined;

  const settle = (id: number, outcome: (p: Pending) => void) => {
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    outcome(request);
  };
  const stop = (reason: Error) => {
    stopped ??= reason;
    for (const id of [...pending.keys()]) settle(id, (p) => p.reject(reason));
  };
  worker.on('message', (message: FromDatabaseThread) => {
    const error = message.ok ? undefined : fromWire(message.error);
    settle(message.id, (p) => (error ? p.reject(error) : p.resolve(message.ok && message.value)));
    // The database did not open: whatever waits on it hears why.
    if (error && message.id === 0) stop(error);
  });
  worker.on('error', (error) => stop(unavailable(`the embedded database's thread failed: ${error.message}`)));
  worker.on('exit', (code) => stop(unavailable(`the embedded database's thread exited (code ${code})`)));

  const track = (id: number) =>
    new Promise<unknown>((resolve, reject) => {
      if (stopped) return reject(stopped);
      pending.set(id, { resolve, reject });
      worker.ref();
    });
  const request = (message: DistributiveOmit<ToDatabaseThread, 'id'>) => {
    const id = nextId++;
    const answer = track(id);
    if (!stopped) worker.postMessage({ ...message, id });
    return answer;
  };
  const queryIn =
    (tx: number | undefined): PGlite['query'] =>
    async (sql, params = [], options?: QueryOptions) =>
      (await request({
        op: 'query',
        tx,
        sql,
        params,
        rowMode: options?.rowMode ?? 'object',
        keepText: keptAsText(options),
      })) as never;

  const opened = track(0).then(() => {});
  opened.catch(() => {}); // the caller's to handle; not unhandled meanwhile
  const client: PgliteClient = {
    query: queryIn(undefined),
    async transaction(callback) {
      const tx = nextTx++;
      await request({ op: 'begin', tx });
      let value: Awaited<ReturnType<typeof callback>>;
      try {
        value = await callback({ query: queryIn(tx) });
      } catch (error) {
        await request({ op: 'end', tx, commit: false }).catch(() => {});
        throw error;
      }
      await request({ op: 'end', tx, commit: true });
      return value;
    },
    async close() {
      if (stopped) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await request({ op: 'close' });
      // Held until the thread has ended: with nothing else left (a server shutting down), an unref'd thread would
      // let the process exit before the caller's next step.
      worker.ref();
      await exited;
    },
  };
  return { client, opened };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The types a query's parsers keep as text. Functions cannot cross to the thread, and drizzle's parsers only ever
 * return the text they are given (for timestamps, dates, intervals): any other parser is refused, not dropped.
 */
function keptAsText(options: QueryOptions | undefined): number[] {
  const unknown = Object.keys(options ?? {}).filter((key) => key !== 'rowMode' && key !== 'parsers');
  if (unknown.length > 0) throw new Error(`query options not supported across threads: ${unknown.join(', ')}`);
  return Object.entries(options?.parsers ?? {}).map(([type, parse]) => {
    if (parse('text', Number(type)) !== 'text') throw new Error(`a parser for type ${type} cannot cross threads`);
    return Number(type);
  });
}

function fromWire({ name, message, fields }: WireError): Error {
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}

function unavailable(message: string): AppError {
  return new AppError('unavailable', message, { dependency: 'database' });
}
