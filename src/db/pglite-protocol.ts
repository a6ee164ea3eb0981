/** Messages between the main thread (pglite-thread.ts) and the embedded database's thread (pglite-worker.ts). */

export interface QueryRequest {
  id: number;
  op: 'query';
  /** The open transaction it belongs to; none for a query of its own. */
  tx?: number | undefined;
  sql: string;
  params: unknown[];
  rowMode: 'array' | 'object';
  /** Type ids whose values are returned as Postgres's text (drizzle's parsers keep dates and times as text). */
  keepText: number[];
}

export type ToDatabaseThread =
  | QueryRequest
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export interface WireError {
  name: string;
  message: string;
  /** The error's own fields: Postgres's code, constraint, detail and so on. */
  fields: Record<string, unknown>;
}

/** The answer to the request with the same id; id 0 answers the opening of the database. */
export type FromDatabaseThread = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };
