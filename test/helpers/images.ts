import zlib from 'node:zlib';
import sharp from 'sharp';

export type Rgb = readonly [number, number, number];

/** A flat image of one colour, encoded. */
export async function flat(colour: Rgb, width = 120, height = 80, format: 'png' | 'jpeg' | 'webp' = 'png') {
  const [r, g, b] = colour;
  const encoded = await sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .toFormat(format)
    .toBuffer();
  return new Uint8Array(encoded);
}

export interface Square {
  x: number;
  y: number;
  size: number;
}

/** Raw RGB: a dark background with a white square at `square` (what the detector fixture boxes). */
export function squareRgb(width: number, height: number, square: Square): Uint8Array {
  const rgb = new Uint8Array(width * height * 3).fill(20);
  for (let y = square.y; y < square.y + square.size; y++) {
    for (let x = square.x; x < square.x + square.size; x++) rgb.fill(255, (y * width + x) * 3, (y * width + x + 1) * 3);
  }
  return rgb;
}

/** The same, encoded (PNG, JPEG, WebP), optionally with an EXIF orientation tag (the pixels stay as stored). */
export async function squareImage(
  width: number,
  height: number,
  square: Square,
  format: 'png' | 'jpeg' | 'webp' = 'png',
  orientation?: number,
): Promise<Uint8Array> {
  let image = sharp(squareRgb(width, height, square), { raw: { width, height, channels: 3 } }).toFormat(format, {
    quality: 95,
  });
  if (orientation) image = image.withMetadata({ orientation });
  return new Uint8Array(await image.toBuffer());
}

/** A PNG whose header claims width × height RGB pixels, followed by a few bytes of data (far too few to decode). */
export function pngHeader(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return framed;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = zlib.deflateSync(Buffer.alloc(1 + Math.min(width, 4096) * 3));
  return new Uint8Array(
    Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]),
  );
}

/** An animated image (GIF or WebP) whose frames are flat colours, in order. */
export async function animated(colours: readonly Rgb[], format: 'gif' | 'webp', width = 64, height = 48) {
  const frames = await Promise.all(colours.map((c) => flat(c, width, height)));
  const joined = await sharp(
    frames.map((f) => Buffer.from(f)),
    { join: { animated: true } },
  )
    .toFormat(format)
    .toBuffer();
  return new Uint8Array(joined);
}

/** The mean of each channel of raw RGB. */
export function meanColour(rgb: Uint8Array): [number, number, number] {
  const sums = [0, 0, 0];
  for (let i = 0; i < rgb.length; i++) sums[i % 3] = (sums[i % 3] ?? 0) + (rgb[i] ?? 0);
  const pixels = rgb.length / 3;
  return [(sums[0] ?? 0) / pixels, (sums[1] ?? 0) / pixels, (sums[2] ?? 0) / pixels];
}
