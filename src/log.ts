import { pino } from 'pino';
import { safeErrorSerializer } from './log-errors.js';
import { lineScrubber, REDACTED } from './log-scrub.js';

export type Logger = pino.Logger;
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  /**
   * Values that must never be written (the configured tokens, keys and signing secrets, known at startup): they
   * are replaced wherever they appear, inside messages, URLs and error text included.
   */
  secrets?: readonly (string | undefined)[];
}

/** Where secrets are expected: these fields are replaced whole before the line is even written out. */
const REDACT_PATHS = [
  'headers.authorization',
  'headers.Authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'signingSecret',
  '*.signingSecret',
  'apiKey',
  '*.apiKey',
  'webhookSecret',
  '*.webhookSecret',
];

const ERROR_KEYS = ['err', 'error', 'cause', 'reason'];

/**
 * Structured JSON logs on stdout; one logger per process, children carry request/event ids. Nothing secret is
 * written: known secret fields are redacted, errors lose what HTTP clients keep of the request (log-errors.ts),
 * and every finished line is scrubbed of the configured secrets and token-shaped strings (log-scrub.ts).
 */
export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  const scrub = lineScrubber(options.secrets ?? []);
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: Object.fromEntries(ERROR_KEYS.map((key) => [key, safeErrorSerializer])),
      hooks: { streamWrite: scrub },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/**
 * The process's logger. A person at a terminal reads one coloured line per entry; a log collector (stdout piped or
 * redirected, or LOG_FORMAT=json) gets JSON lines. Pretty-printing runs in pino's transport worker thread, so
 * formatting never costs the event loop.
 */
export function processLogger(
  level: string,
  format: LogFormat,
  options: LoggerOptions & { isTerminal?: boolean } = {},
): Logger {
  const isTerminal = options.isTerminal ?? process.stdout.isTTY === true;
  const pretty = format === 'pretty' || (format === 'auto' && isTerminal);
  if (!pretty) return createLogger(level, undefined, options);
  return createLogger(
    level,
    pino.transport({
      target: 'pino-pretty',
      options: { colorize: isTerminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
    }),
    options,
  );
}
