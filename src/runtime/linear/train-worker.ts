import { parentPort } from 'node:worker_threads';
import { type TrainJob, trainHead } from './train-head.js';

/** A one-job worker: trains the head it is sent, answers, and is ended by the caller. */
const port = parentPort;
if (!port) throw new Error('the training worker must run in a worker thread');
port.once('message', (job: TrainJob) => {
  try {
    port.postMessage({ ok: true, head: trainHead(job) });
  } catch (error) {
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
