import { createLogger, type Logger } from '../../src/log.js';

export interface CapturedLogs {
  log: Logger;
  lines: Record<string, unknown>[];
}

/** A real pino logger writing into an array, so tests can check what operators would see. */
export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}
