import type { DecodedImage } from '../../parse/index.js';
import type { ImageDescription } from './describe-image.js';

/** Box colours, one per label in order of first appearance (readable on photos, distinct for colour-blind eyes). */
const COLOURS = ['#ffb000', '#648fff', '#dc267f', '#fe6100', '#785ef0', '#00c2a8'];

const xml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** An SVG the size of the image with each object's box and its label (the labels are model output: escaped). */
export function boxesSvg(width: number, height: number, objects: ImageDescription['objects']): string {
  const side = Math.min(width, height);
  const stroke = Math.max(2, Math.round(side / 250));
  const font = Math.max(11, Math.round(side / 35));
  const colours = new Map<string, string>();
  const shapes = objects.map(({ label, score, box }) => {
    if (!colours.has(label)) colours.set(label, COLOURS[colours.size % COLOURS.length] ?? '#ffb000');
    const colour = colours.get(label);
    const caption = `${label} ${Math.round(score * 100)}%`;
    // The label sits above the box, or inside its top edge when the box touches the top of the image.
    const textY = box.y >= font + stroke ? box.y - stroke : box.y + font;
    return (
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="none" ` +
      `stroke="${colour}" stroke-width="${stroke}"/>` +
      `<text x="${box.x + stroke}" y="${textY}" font-family="sans-serif" font-size="${font}" fill="${colour}" ` +
      `stroke="#000" stroke-width="${Math.max(1, stroke / 2)}" paint-order="stroke">${xml(caption)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`;
}

/**
 * The image as a PNG with the objects' boxes drawn over it. sharp does the work on its own threads (libuv's pool),
 * not on the event loop; the image is already decoded, capped and upright (the parse pool's DecodedImage).
 */
export async function drawBoxes(
  image: Pick<DecodedImage, 'rgb' | 'width' | 'height'>,
  objects: ImageDescription['objects'],
): Promise<Uint8Array> {
  const { rgb, width, height } = image;
  const overlay = Buffer.from(boxesSvg(width, height, objects));
  // Imported here, not with the module: the server's start need not load sharp's native library.
  const { default: sharp } = await import('sharp');
  const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .composite([{ input: overlay, top: 0, left: 0 }])
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
