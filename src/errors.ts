import type { LocalText } from './i18n/index.js';

/**
 * One error type with a machine-readable code. Expected outcomes are values, not errors: throw an AppError only
 * when the caller cannot go on. `expose` marks messages that are safe and useful to show to the user as-is.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  /** An API key asked to act for a tenant other than its own. */
  | 'forbidden_tenant'
  /** An API key lacks the scope a request needs. */
  | 'missing_scope'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media'
  /** A file that cannot be processed within its limits (too deeply nested, too slow, too much memory). */
  | 'unprocessable'
  /** A safety check refused the result (a flagged image). */
  | 'content_flagged'
  | 'quota_exceeded'
  | 'busy'
  | 'unavailable'
  | 'config_invalid'
  /** A webhook event could not be written: the run fails rather than happen unreported. */
  | 'event_not_recorded'
  | 'internal';

export interface AppErrorOptions {
  cause?: unknown;
  /** Safe to show to the person who addressed the bot. Defaults to true for everything but `internal`. */
  expose?: boolean;
  /** Seconds after which retrying may succeed (quotas, busy pools, draining servers). */
  retryAfterSec?: number;
  /** The dependency that could not be reached (the database, the inference queue), for the operator's metric. */
  dependency?: 'database' | 'queue';
  /** The message as a catalogue key, for people reading another language than English (`message` stays English). */
  text?: LocalText;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly expose: boolean;
  readonly retryAfterSec: number | undefined;
  readonly dependency: 'database' | 'queue' | undefined;
  readonly text: LocalText | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.expose = options.expose ?? code !== 'internal';
    this.retryAfterSec = options.retryAfterSec;
    this.dependency = options.dependency;
    this.text = options.text;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
