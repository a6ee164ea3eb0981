import type http from 'node:http';

export interface UploadedFile {
  name: string;
  size: number;
  text: string;
}

/** A request body as Discord reads it: JSON, or multipart (payload_json + files[n]) as attachments are sent. */
export async function parseDiscordBody(req: http.IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const payload = JSON.parse(String(form.get('payload_json') ?? '{}')) as Record<string, unknown>;
    const files: UploadedFile[] = [];
    for (const [key, value] of form.entries()) {
      if (key.startsWith('files[') && value instanceof Blob) {
        files.push({ name: (value as File).name, size: value.size, text: await value.text() });
      }
    }
    return { ...payload, uploaded: files };
  }
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString()) as Record<string, unknown>;
  } catch {
    return { raw: raw.toString() };
  }
}
