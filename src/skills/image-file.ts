import type { IncomingFile } from './skill.js';

/** File name endings of the pictures people post (photos, screenshots, memes); what the decoder takes and more. */
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'jfif', 'gif', 'webp', 'avif', 'tif', 'tiff', 'heic', 'bmp']);

/**
 * Whether a file someone attached looks like a picture, by its claimed type or its name: enough to pick the image of
 * a message ("Describe image") or to offer alt text. Only a hint: decoding goes by the bytes and refuses the rest.
 */
export function isImageFile(file: Pick<IncomingFile, 'name' | 'contentType'>): boolean {
  if ((file.contentType ?? '').toLowerCase().startsWith('image/')) return true;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext !== undefined && IMAGE_EXTENSIONS.has(ext);
}
