import { damaged, unsupported } from './sniff.js';

/**
 * WAV (RIFF/WAVE) read here rather than with a package: it is a header and raw samples, and reading it in slices
 * keeps a long recording's native-rate float copy out of memory.
 */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  /** 1 = integer PCM, 3 = IEEE float. */
  encoding: 1 | 3;
  bitsPerSample: number;
  dataStart: number;
  /** Bytes of sample data actually present (a truncated file has fewer than its header says). */
  dataLength: number;
  /** What the header says, for spotting truncation. */
  declaredLength: number;
}

const EXTENSIBLE = 0xfffe;

export function readWavHeader(bytes: Uint8Array): WavInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Omit<WavInfo, 'dataStart' | 'dataLength' | 'declaredLength'> | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = Buffer.from(bytes.subarray(at, at + 4)).toString('latin1');
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw damaged('the WAV file has a damaged format header');
      let encoding = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
      if (encoding === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length)
        encoding = view.getUint16(body + 24, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      const pcm = encoding === 1 && [8, 16, 24, 32].includes(bitsPerSample);
      const float = encoding === 3 && (bitsPerSample === 32 || bitsPerSample === 64);
      if (!pcm && !float)
        throw unsupported(
          `the WAV file holds ${encoding === 1 || encoding === 3 ? `${bitsPerSample}-bit ` : ''}audio encoded as format ${encoding}, which is not supported (PCM or float WAV is)`,
        );
      if (channels < 1 || sampleRate < 1000 || sampleRate > 384_000)
        throw damaged(`the WAV file declares ${channels} channels at ${sampleRate} Hz`);
      fmt = { sampleRate, channels, encoding: encoding === 1 ? 1 : 3, bitsPerSample };
    } else if (id === 'data') {
      if (!fmt) throw damaged('the WAV file has no format header before its samples');
      const frame = (fmt.bitsPerSample / 8) * fmt.channels;
      // Streaming writers leave the size 0 or 0xFFFFFFFF: then the data runs to the end of the file.
      const declared = size === 0 || size === 0xffffffff ? bytes.length - body : size;
      const present = Math.min(declared, bytes.length - body);
      return { ...fmt, dataStart: body, dataLength: present - (present % frame), declaredLength: declared };
    }
    at = body + size + (size % 2); // chunks are padded to an even length
  }
  throw damaged(fmt ? 'the WAV file has no audio data (it may be truncated)' : 'the WAV file has no format header');
}

/** Channel arrays for the frames in data bytes [from, to) (both multiples of the frame size). */
export function wavSlice(bytes: Uint8Array, info: WavInfo, from: number, to: number): Float32Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset + info.dataStart + from, to - from);
  const width = info.bitsPerSample / 8;
  const frames = (to - from) / (width * info.channels);
  const channels = Array.from({ length: info.channels }, () => new Float32Array(frames));
  const read = sampleReader(view, info);
  for (let i = 0, at = 0; i < frames; i++) {
    for (const channel of channels) {
      channel[i] = read(at);
      at += width;
    }
  }
  return channels;
}

function sampleReader(view: DataView, info: WavInfo): (at: number) => number {
  if (info.encoding === 3)
    return info.bitsPerSample === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  switch (info.bitsPerSample) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return (at) => view.getInt16(at, true) / 32_768;
    case 24:
      return (at) => ((view.getInt8(at + 2) << 16) | view.getUint16(at, true)) / 8_388_608;
    default:
      return (at) => view.getInt32(at, true) / 2_147_483_648;
  }
}
