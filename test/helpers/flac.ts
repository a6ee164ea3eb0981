/**
 * A FLAC file of `seconds` of 48 kHz mono silence written by hand: CONSTANT subframes of 4096 samples, about 11
 * bytes each, so an hour of audio is half a megabyte. `totalSamples` goes into STREAMINFO (0 means "unknown", as
 * a streaming encoder writes it, so only decoding tells the length).
 */
export function silentFlac(seconds: number, totalSamples = Math.round(seconds * 48_000)): Uint8Array {
  const BLOCK = 4096;
  const frames = Math.ceil((seconds * 48_000) / BLOCK);
  const parts: Buffer[] = [Buffer.from('fLaC', 'latin1'), streamInfo(BLOCK, 48_000, totalSamples)];
  for (let n = 0; n < frames; n++) parts.push(constantFrame(n));
  return new Uint8Array(Buffer.concat(parts));
}

/** The last (and only) metadata block: STREAMINFO, 34 bytes. */
function streamInfo(block: number, rate: number, total: number): Buffer {
  const out = Buffer.alloc(4 + 34);
  out.writeUInt32BE(0x8000_0000 + 34, 0); // last-block flag, type 0, length
  out.writeUInt16BE(block, 4);
  out.writeUInt16BE(block, 6);
  // min/max frame size (24 bits each) unknown: 0. Then rate (20) · channels-1 (3) · bits-1 (5) · total (36).
  const high = (rate << 12) | (0 << 9) | (15 << 4) | Math.floor(total / 2 ** 32);
  out.writeUInt32BE(high >>> 0, 14);
  out.writeUInt32BE(total % 2 ** 32, 18);
  return out; // the MD5 (16 bytes) stays zero: "not computed"
}

/** A fixed-blocksize frame: 4096 samples (code 12), 48 kHz (code 10), mono, 16-bit, one CONSTANT subframe of 0. */
function constantFrame(number: number): Buffer {
  const header = Buffer.concat([Buffer.from([0xff, 0xf8, 0xca, 0x08]), utf8Number(number)]);
  const withCrc8 = Buffer.concat([header, Buffer.from([crc8(header)])]);
  const body = Buffer.concat([withCrc8, Buffer.from([0x00, 0x00, 0x00])]); // subframe type 0, value 0
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16(body));
  return Buffer.concat([body, crc]);
}

/** FLAC's frame number: UTF-8's byte pattern extended to 36 bits (no surrogate gap). */
function utf8Number(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const limits = [0x800, 0x1_0000, 0x20_0000, 0x400_0000, 0x8000_0000];
  const count = 2 + limits.filter((limit) => n >= limit).length;
  const bytes = [(0xff << (8 - count)) & 0xff];
  for (let i = count - 1; i > 0; i--) bytes.push(0x80 | (Math.floor(n / 64 ** (i - 1)) & 0x3f));
  bytes[0] = (bytes[0] ?? 0) | Math.floor(n / 64 ** (count - 1));
  return Buffer.from(bytes);
}

function crc8(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
