import { readFile } from 'node:fs/promises';
import { extractDocument } from '../retrieval/extract.js';
import { decodeAudio } from '../runtime/audio/decode.js';
import type { ParseJob } from './protocol.js';
import { type Handled, serveParseJobs } from './worker-side.js';

/** A parse worker: decodes audio and extracts document text, one job at a time. */
serveParseJobs(async (message): Promise<Handled> => {
  const job = message as ParseJob;
  switch (job.kind) {
    case 'audio': {
      const bytes = 'path' in job.source ? await readFile(job.source.path) : job.source.bytes;
      const audio = await decodeAudio(bytes, { maxDurationSec: job.maxDurationSec });
      // The samples are this thread's own: moved to the main thread, not copied.
      return { value: audio, transfer: [audio.samples.buffer as ArrayBuffer] };
    }
    case 'document':
      return { value: await extractDocument(job.input, job.limits) };
    default:
      return assertNever(job);
  }
});

function assertNever(value: never): never {
  throw new Error(`unknown parse job ${JSON.stringify(value)}`);
}
