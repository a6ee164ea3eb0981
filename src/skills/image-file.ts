import type { IncomingFile } from './skill.js';

/** File name endings of the still images people post; decoding goes by the bytes whatever the name says. */
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'jfif', 'gif', 'webp', 'avif', 'tif', 'tiff', 'heic']);

/**
 * Whether a posted file looks like an image, by its claimed type or its name: enough to hand it to the skills that
 * look at posted images (alt text, image moderation). Only a hint: decoding refuses what is not an image.
 */
export function isImageFile(file: Pick<IncomingFile, 'name' | 'contentType'>): boolean {
  const type = (file.contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return !type.startsWith('image/svg');
  if (type !== '' && type !== 'application/octet-stream') return false;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext !== undefined && IMAGE_EXTENSIONS.has(ext);
}
