import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';
import type { ParsedForm, ParseJob } from './protocol.js';
import { type Handled, serveParseJobs } from './worker-side.js';

/**
 * A parse worker: decodes audio and images, extracts document text and reads upload forms, one job at a time. Each kind's
 * code is imported on its first job (pdf.js, linkedom and the WASM decoders are large), so a worker is ready fast.
 */
serveParseJobs(async (message): Promise<Handled> => {
  const job = message as ParseJob;
  switch (job.kind) {
    case 'audio': {
      const bytes = 'path' in job.source ? await readFile(job.source.path) : job.source.bytes;
      const { decodeAudio } = await import('../runtime/audio/decode.js');
      // Shared memory: neither this answer nor the main thread's requests to the VAD copy the samples.
      return { value: await decodeAudio(bytes, { maxDurationSec: job.maxDurationSec, shared: true }) };
    }
    case 'document': {
      const { extractDocument } = await import('../retrieval/extract.js');
      return { value: await extractDocument(job.input, job.limits) };
    }
    case 'form':
      return readForm(job.body, job.contentType);
    case 'image': {
      const { decodeImage } = await import('./image.js');
      const image = await decodeImage(job.bytes, job.limits);
      return { value: image, transfer: [image.rgb.buffer as ArrayBuffer] };
    }
    default:
      return assertNever(job);
  }
});

async function readForm(body: ArrayBuffer, contentType: string): Promise<Handled> {
  const form = await new Response(body, { headers: { 'content-type': contentType } })
    .formData()
    .catch((cause: unknown) => {
      throw new AppError('bad_request', 'the multipart form could not be read', { cause });
    });
  const parsed: ParsedForm = { fields: {}, files: {} };
  const transfer: ArrayBuffer[] = [];
  for (const [key, value] of form) {
    if (typeof value === 'string') parsed.fields[key] ??= value;
    else if (!(key in parsed.files)) {
      const bytes = new Uint8Array(await value.arrayBuffer());
      parsed.files[key] = { name: value.name, type: value.type, bytes };
      transfer.push(bytes.buffer);
    }
  }
  return { value: parsed, transfer };
}

function assertNever(value: never): never {
  throw new Error(`unknown parse job ${JSON.stringify(value)}`);
}
