import { stdSerializers } from 'pino';

/**
 * Fields HTTP clients hang on their errors that hold what was sent: axios (Bolt, @slack/web-api) keeps `config`
 * (with the Authorization header) and `request`; undici and @slack/web-api keep `headers`; discord.js keeps
 * `requestBody` (the message or interaction callback as sent, files included). None of it helps an operator read
 * the failure, and all of it can carry a token.
 */
const DROPPED = new Set(['config', 'request', 'requestBody', 'headers', 'options', '_options', 'socket', 'agent']);

/** How deep nested errors (`original`, `error`, `errors`) are followed before the rest is summarised. */
const MAX_DEPTH = 4;

type Serialized = Record<string, unknown>;

function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value && 'stack' in value)
  );
}

/**
 * pino's error serializer (type, message and stack with their causes, own fields), minus what an HTTP client's
 * error says about the request: see DROPPED. A `response` keeps only its status. Nested errors (axios' error as
 * `original` in @slack/web-api's, AggregateError's `errors`) get the same treatment.
 */
export function safeErrorSerializer(value: unknown): unknown {
  return clean(value, 0);
}

function clean(value: unknown, depth: number): unknown {
  if (!isErrorLike(value)) return value;
  if (depth > MAX_DEPTH) return '[nested error]';
  const serialized = stdSerializers.err(value) as unknown as Serialized;
  const out: Serialized = {};
  for (const [key, field] of Object.entries(serialized)) {
    if (DROPPED.has(key)) continue;
    if (key === 'response') out.response = statusOf(field);
    else if (Array.isArray(field)) out[key] = field.map((item) => again(item, depth));
    else out[key] = again(field, depth);
  }
  return out;
}

/**
 * stdSerializers.err copies nested errors with its own rules (a plain copy keeping `raw`, the original): those
 * are serialized again from the original with ours.
 */
function again(field: unknown, depth: number): unknown {
  if (typeof field !== 'object' || field === null) return field;
  const raw = (field as { raw?: unknown }).raw;
  if (isErrorLike(raw)) return clean(raw, depth + 1);
  return isErrorLike(field) ? clean(field, depth + 1) : field;
}

function statusOf(response: unknown): unknown {
  if (typeof response !== 'object' || response === null) return undefined;
  const { status, statusText, statusCode } = response as Record<string, unknown>;
  return { status: status ?? statusCode, statusText };
}
