import { AppError } from '../errors.js';

/** How long a caller is told to wait when the database is away: long enough for a restart or a failover. */
export const DATABASE_RETRY_AFTER_SEC = 30;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const LOST_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
];

/**
 * Whether an error (or one of its causes: drizzle wraps the driver's) says the database could not be reached or
 * dropped the connection — as opposed to a query it refused. SQLSTATE class 08 is "connection exception"; 57P01–03
 * are the server shutting down or not yet accepting connections.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) {
      return true;
    }
    if (LOST_MESSAGES.some((m) => e instanceof Error && e.message.startsWith(m))) return true;
  }
  return false;
}

/** The reason a person is given when the database is away: retry later, nothing of theirs was done. */
export function databaseUnavailable(cause: unknown): AppError {
  return new AppError('unavailable', 'the database is unreachable right now; please try again in a minute', {
    cause,
    retryAfterSec: DATABASE_RETRY_AFTER_SEC,
    dependency: 'database',
  });
}

/**
 * A driver error that says the database could not be reached, as the AppError to answer with (code `unavailable`,
 * dependency `database`); undefined for any other failure. Core is handed this, so it needs no driver knowledge.
 */
export function databaseUnreachable(error: unknown): AppError | undefined {
  return isDatabaseUnreachable(error) ? databaseUnavailable(error) : undefined;
}
