import type { AudioFormat } from './sniff.js';
import { webmDuration } from './webm.js';

/**
 * The duration a container declares, in seconds, read without decoding so an over-long file is refused before any
 * work; undefined when the format does not say (WebM from MediaRecorder, MP3 without a Xing header, ADTS). The
 * decoder counts samples as well, so a header that lies short is caught anyway; one that lies long only gets a file
 * refused or reported as truncated.
 */
export function declaredDuration(format: AudioFormat, bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (format === 'flac') return flacDuration(view);
    if (format === 'ogg-opus') return oggOpusDuration(bytes, view);
    if (format === 'm4a') return mp4Duration(bytes, view);
    if (format === 'webm') return webmDuration(bytes);
    if (format === 'mp3') return xingDuration(bytes, view);
  } catch {
    // A header cut short: the decoder will say what is wrong.
  }
  return undefined;
}

/** STREAMINFO, the first metadata block: a 20-bit sample rate and a 36-bit total sample count (0 = unknown). */
function flacDuration(view: DataView): number | undefined {
  const at = 8; // 'fLaC' and the block header
  const rate = (view.getUint32(at + 10) >>> 12) & 0xfffff;
  const total = (view.getUint8(at + 13) & 0x0f) * 2 ** 32 + view.getUint32(at + 14);
  return rate > 0 && total > 0 ? total / rate : undefined;
}

/** Ogg/Opus: the last page's granule position counts 48 kHz samples, including the pre-skip from OpusHead. */
function oggOpusDuration(bytes: Uint8Array, view: DataView): number | undefined {
  const preSkip = view.getUint16(27 + (bytes[26] ?? 0) + 10, true);
  // A file cut mid-page has no trustworthy last granule: endsCleanly reports it after decoding what is there.
  if (!endsCleanly('ogg-opus', bytes)) return undefined;
  const tail = lastBytes(bytes);
  const last = tail.lastIndexOf('OggS');
  const at = bytes.length - tail.length + last;
  const granule = view.getUint32(at + 6, true) + view.getUint32(at + 10, true) * 2 ** 32;
  // -1 means "no packet ends on this page"; good enough to skip the early check.
  if (granule >= 2 ** 64 - 2 ** 12) return undefined;
  return Math.max(0, granule - preSkip) / 48_000;
}

/** MP4: moov/mvhd's duration over its timescale, walking top-level boxes (moov is often at the end). */
function mp4Duration(bytes: Uint8Array, view: DataView): number | undefined {
  const moov = findBox(bytes, view, 0, bytes.length, 'moov');
  if (!moov) return undefined;
  const mvhd = findBox(bytes, view, moov.start, moov.end, 'mvhd');
  if (!mvhd) return undefined;
  const version = view.getUint8(mvhd.start);
  if (version === 1) {
    const timescale = view.getUint32(mvhd.start + 20);
    const duration = view.getUint32(mvhd.start + 24) * 2 ** 32 + view.getUint32(mvhd.start + 28);
    return timescale > 0 ? duration / timescale : undefined;
  }
  const timescale = view.getUint32(mvhd.start + 12);
  return timescale > 0 ? view.getUint32(mvhd.start + 16) / timescale : undefined;
}

/**
 * MP3: the Xing/Info tag LAME and ffmpeg put in the first frame counts the frames. It includes the encoder's delay
 * and padding (a few dozen ms), well inside the truncation check's tolerance. Without the tag (old CBR files) the
 * duration is only known by decoding.
 */
function xingDuration(bytes: Uint8Array, view: DataView): number | undefined {
  let at = 0;
  if (Buffer.from(bytes.subarray(0, 3)).toString('latin1') === 'ID3')
    at = 10 + (((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0));
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  const b3 = bytes[at + 3] ?? 0;
  const version = (b1 >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  if (((b1 >> 1) & 3) !== 1) return undefined; // not layer III
  const mono = b3 >> 6 === 3;
  const sideInfo = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const tag = at + 4 + sideInfo;
  const id = Buffer.from(bytes.subarray(tag, tag + 4)).toString('latin1');
  if ((id !== 'Xing' && id !== 'Info') || !(view.getUint32(tag + 4) & 1)) return undefined;
  const rates =
    version === 3 ? [44_100, 48_000, 32_000] : version === 2 ? [22_050, 24_000, 16_000] : [11_025, 12_000, 8_000];
  const rate = rates[(b2 >> 2) & 3];
  const frames = view.getUint32(tag + 8);
  return rate && frames > 0 ? (frames * (version === 3 ? 1152 : 576)) / rate : undefined;
}

function findBox(
  bytes: Uint8Array,
  view: DataView,
  from: number,
  to: number,
  type: string,
): { start: number; end: number } | undefined {
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      size = view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12);
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header) return undefined;
    if (Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1') === type)
      return { start: at + header, end: Math.min(to, at + size) };
    at += size;
  }
  return undefined;
}

/**
 * False when the container shows the file was cut short. Ogg marks its last page end-of-stream (header flag 4), and
 * a page must be as long as its segment table says; other formats are checked against their declared duration.
 */
export function endsCleanly(format: AudioFormat, bytes: Uint8Array): boolean {
  if (format !== 'ogg-opus') return true;
  const tail = lastBytes(bytes);
  const last = tail.lastIndexOf('OggS');
  if (last < 0 || last + 27 > tail.length) return false;
  const segments = tail[last + 26] ?? 0;
  let size = 27 + segments;
  for (let i = 0; i < segments; i++) size += tail[last + 27 + i] ?? 0;
  return ((tail[last + 5] ?? 0) & 4) !== 0 && last + size === tail.length;
}

/** The last 64 KiB (an Ogg page is at most 65,307 bytes, so the last page header is in there unless it is huge). */
function lastBytes(bytes: Uint8Array): Buffer {
  const from = Math.max(0, bytes.length - 65_536);
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from);
}
