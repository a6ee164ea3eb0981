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
