import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; one logger per process, children carry request/event ids. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination({ sync: false }),
  );
}
