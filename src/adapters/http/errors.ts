import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../errors.js';
import { type LocalText, localeFromAcceptLanguage, t } from '../../i18n/index.js';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  forbidden_tenant: 403,
  missing_scope: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  content_flagged: 422,
  quota_exceeded: 429,
  busy: 503,
  unavailable: 503,
  config_invalid: 500,
  event_not_recorded: 500,
  internal: 500,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  errorId?: string | undefined;
  retryAfterSec?: number | undefined;
  /** `message` as a catalogue key: worded in the request's Accept-Language when it names one of ours. */
  text?: LocalText | undefined;
}

/** The HTTP status an error code answers with. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/** Every error over HTTP looks the same: `{ "error": { "code", "message", "errorId"? } }`. */
export function errorResponse(c: Context, error: ErrorBody): Response {
  if (error.retryAfterSec !== undefined) c.header('Retry-After', String(Math.ceil(error.retryAfterSec)));
  // The rest of an oversized body is never read: the connection cannot carry another request.
  if (error.code === 'payload_too_large') c.header('Connection', 'close');
  const { code, errorId } = error;
  const locale = error.text ? localeFromAcceptLanguage(c.req.header('accept-language')) : 'en';
  const message = error.text && locale !== 'en' ? t(locale, error.text.key, error.text.args) : error.message;
  if (message !== error.message) c.header('Content-Language', locale);
  return c.json({ error: { code, message, ...(errorId ? { errorId } : {}) } }, STATUS[error.code]);
}

/** Refuses bodies over `maxSize` bytes with 413 while reading them (Content-Length or chunked), before any parsing. */
export function cappedBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) => errorResponse(c, { code: 'payload_too_large', message: `bodies are limited to ${maxSize} bytes` }),
  });
}
