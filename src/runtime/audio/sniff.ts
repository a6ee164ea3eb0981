import { AppError } from '../../errors.js';

/** The containers/codecs decodeAudio accepts. `aac` is a bare ADTS stream; `m4a` any MP4/MOV with an audio track. */
export type AudioFormat = 'ogg-opus' | 'webm' | 'm4a' | 'aac' | 'mp3' | 'wav' | 'flac';

export const SUPPORTED_AUDIO = 'send Ogg/Opus, WebM, M4A/AAC, MP3, WAV or FLAC audio';

/**
 * Things people send by mistake, by their first bytes (as hex; `.` is any digit), so the refusal can say what the
 * file is. Checked after the audio signatures, so only what is not audio gets here.
 */
const NOT_AUDIO: [string, RegExp][] = [
  ['a PNG image', /^89504e470d0a1a0a/],
  ['a JPEG image', /^ffd8ff/],
  ['a GIF image', /^474946383[79]61/],
  ['a WebP image', /^52494646.{8}57454250/],
  ['an AVI video', /^52494646.{8}41564920/],
  ['a PDF document', /^255044462d/],
  ['a ZIP archive', /^504b0304/],
  ['a compressed archive', /^(?:1f8b|377abcaf271c|526172211a07|fd377a585a00|425a683[1-9])/],
  ['a program', /^(?:7f454c46|0061736d|cffaedfe|4d5a)/],
];

/**
 * The audio format of `bytes`, from their content alone (a claimed type or file name is never trusted: a playlist
 * or an HTML error page served as audio/ogg must not reach a decoder). Throws `unsupported_media` with what the
 * bytes are when they are not audio we decode.
 */
export function sniffAudio(bytes: Uint8Array): AudioFormat {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  // An ID3v2 tag may precede MP3 frames (and, rarely, FLAC); its size is a 28-bit "syncsafe" integer.
  let start = 0;
  if (ascii(0, 3) === 'ID3' && bytes.length >= 10) {
    const size = (((bytes[6] ?? 0) & 0x7f) << 21) | (((bytes[7] ?? 0) & 0x7f) << 14) | (((bytes[8] ?? 0) & 0x7f) << 7);
    start = 10 + (size | ((bytes[9] ?? 0) & 0x7f)) + ((bytes[5] ?? 0) & 0x10 ? 10 : 0);
    if (start >= bytes.length) throw damaged('the MP3 file has a tag but no audio after it');
  }
  if (ascii(start, start + 4) === 'fLaC') return 'flac';
  if (start > 0 || isMpegFrame(bytes, 0)) {
    if (isMpegFrame(bytes, start)) return 'mp3';
    throw unsupported('the file has an ID3 tag but is not an MP3');
  }
  if (isAdtsFrame(bytes, 0)) return 'aac';
  if (ascii(0, 4) === 'OggS') {
    // The first page holds one packet, the codec's identification header, after 27 bytes and the segment table.
    const segments = bytes[26] ?? 0;
    const id = ascii(27 + segments, 27 + segments + 8);
    if (id === 'OpusHead') return 'ogg-opus';
    const codec = id.startsWith('\x01vorbis') ? 'Vorbis' : id.startsWith('\x7fFLAC') ? 'FLAC' : 'an unknown codec';
    throw unsupported(`the file is Ogg with ${codec} inside; only Opus in Ogg is supported`);
  }
  if (ascii(0, 4) === '\x1a\x45\xdf\xa3') return 'webm';
  if (ascii(4, 8) === 'ftyp') return 'm4a';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  throw unsupported(describeNonAudio(bytes));
}

/** MPEG audio layer I–III frame header at `at`: 11 sync bits, a real version and layer, a valid bitrate and rate. */
function isMpegFrame(bytes: Uint8Array, at: number): boolean {
  const [b0, b1, b2] = [bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0];
  return (
    b0 === 0xff &&
    (b1 & 0xe0) === 0xe0 &&
    (b1 & 0x18) !== 0x08 &&
    (b1 & 0x06) !== 0 &&
    b2 >> 4 !== 15 &&
    (b2 & 0x0c) !== 0x0c
  );
}

/** An ADTS (raw AAC) frame header: the same sync bits with layer 0. */
function isAdtsFrame(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0xff && ((bytes[at + 1] ?? 0) & 0xf6) === 0xf0;
}

function describeNonAudio(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  const head = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  const known = NOT_AUDIO.find(([, signature]) => signature.test(head));
  if (known) return `the file is ${known[0]}, not audio`;
  // A playlist is the classic fake audio file: text, often served as audio/x-mpegurl or even audio/ogg.
  if (looksLikeText(bytes.subarray(0, 4096))) {
    const trimmed = Buffer.from(bytes.subarray(0, 4096))
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .trimStart();
    if (
      /^#EXTM3U|^#EXTINF/i.test(trimmed) ||
      /^(?:https?:\/\/|[\w./\\-]+\.(?:mp3|ogg|opus|m4a|aac|flac|wav)[^\S\n]*(?:\r?\n|$))/i.test(trimmed)
    )
      return 'the file is an M3U playlist (a list of links to audio), not audio';
    if (/^\[playlist\]/i.test(trimmed)) return 'the file is a PLS playlist (a list of links to audio), not audio';
    if (/^<(?:!doctype\s+html|html)/i.test(trimmed)) return 'the file is an HTML page, not audio';
    if (/^<\?xml|^</.test(trimmed)) return 'the file is XML or HTML text, not audio';
    return 'the file is text, not audio';
  }
  return 'the file is not in an audio format that can be decoded';
}

/** Text as extract.ts judges it: no NUL, few control characters (beyond tab, newlines, form feed and escape). */
function looksLikeText(sample: Uint8Array): boolean {
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) control++;
  }
  return control <= sample.length / 10;
}

export function unsupported(reason: string): AppError {
  return new AppError('unsupported_media', `${reason}: ${SUPPORTED_AUDIO}`);
}

export function damaged(reason: string, cause?: unknown): AppError {
  return new AppError('bad_request', reason, { cause });
}
