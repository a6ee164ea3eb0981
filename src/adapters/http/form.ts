import type { Context } from 'hono';
import { isAppError } from '../../errors.js';
import type { FormReader, ParsedForm } from '../../parse/index.js';

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
