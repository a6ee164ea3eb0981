import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type ErrorCode, isAppError } from '../errors.js';
import type { FromParseWorker, ToParseWorker } from './protocol.js';

export interface Handled {
  value: unknown;
  /** Buffers of the value to move to the main thread instead of copying. */
  transfer?: ArrayBuffer[];
}

/**
 * The worker's side of the parse pool's protocol: says it is ready, then runs each job it is sent and answers with
 * its value or its error. The pool watches the clock and the heap, so a handler only has to fail cleanly.
 */
export function serveParseJobs(handle: (job: unknown) => Promise<Handled>): void {
  const port = parentPort;
  if (!port) throw new Error('a parse worker must run in a worker thread');
  lowerThreadPriority();
  const send = (message: FromParseWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on('message', (message: ToParseWorker) => {
    void handle(message.job).then(
      ({ value, transfer }) => send({ op: 'result', id: message.id, value }, transfer),
      (error: unknown) => send({ op: 'error', id: message.id, ...describe(error) }),
    );
  });
  send({ op: 'ready' });
}

/** Our errors as they are; a blown stack or an impossible allocation (a parser's recursion) as unprocessable. */
function describe(error: unknown): { code: ErrorCode; message: string } {
  if (isAppError(error)) return { code: error.code, message: error.message };
  if (error instanceof RangeError) {
    return { code: 'unprocessable', message: `the file is too complex to process (${error.message})` };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** How much less CPU priority (nice) a parse thread takes than the process: parsing is background work. */
const NICER_BY = 10;

/**
 * On a busy host the scheduler decides whether the event loop gets a core while a worker decodes: this thread asks
 * for less (Linux applies setpriority to a single thread when given its thread id). Elsewhere, or when the
 * system refuses, the thread keeps the process's priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + NICER_BY));
  } catch {
    // not Linux (no /proc/thread-self), or not permitted
  }
}
