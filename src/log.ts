import { pino } from 'pino';

export type Logger = pino.Logger;
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Structured JSON logs on stdout; one logger per process, children carry request/event ids. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination({ sync: false }),
  );
}

/**
 * The process's logger. A person at a terminal reads one coloured line per entry; a log collector (stdout piped or
 * redirected, or LOG_FORMAT=json) gets JSON lines. Pretty-printing runs in pino's transport worker thread, so
 * formatting never costs the event loop.
 */
export function processLogger(level: string, format: LogFormat, isTerminal = process.stdout.isTTY === true): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && isTerminal);
  if (!pretty) return createLogger(level);
  return createLogger(
    level,
    pino.transport({
      target: 'pino-pretty',
      options: { colorize: isTerminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
    }),
  );
}
