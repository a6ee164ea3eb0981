import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { isAppError } from '../../errors.js';
import { saveToTempFile } from '../../net/temp-file.js';
import type { FormFile, FormReader, ParsedForm } from '../../parse/index.js';
import type { IncomingFile } from '../../skills/skill.js';

/**
 * A request's multipart form, parsed on the parse pool (off the event loop); undefined when the request is not
 * multipart or its form cannot be read, so the route can say what it expected.
 */
export async function readUpload(c: Context, read: FormReader): Promise<ParsedForm | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) return undefined;
  // The body's buffer moves to the worker: nothing reads this request's body after this.
  const body = await c.req.raw.arrayBuffer();
  return read(body, type).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'bad_request') return undefined;
    throw error;
  });
}

/**
 * An uploaded file as skills take chat attachments: saved through the same temp-file path (cap, hash, clean-up),
 * so an upload and an attachment are held to the same rules.
 */
export function uploadedFile(upload: FormFile, signal: AbortSignal): IncomingFile {
  return {
    name: upload.name || 'upload',
    contentType: upload.type || undefined,
    size: upload.bytes.byteLength,
    saveTemp: (max) =>
      saveToTempFile(Readable.from([upload.bytes]), { maxBytes: max, what: 'the upload', name: upload.name, signal }),
  };
}
