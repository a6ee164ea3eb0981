import { damaged, unsupported } from './sniff.js';

/**
 * Just enough MP4 demuxing to hand @audio/decode-aac one batch of AAC access units at a time. Its own M4A path
 * waits for the moov box, which ffmpeg and many phones write at the end, and then decodes the whole file in one
 * synchronous call: for 20 minutes that blocked the event loop for 16 s and peaked near 1 GB of native-rate floats.
 */
export interface Mp4AudioTrack {
  /** AudioSpecificConfig (AAC) or ALAC magic cookie. */
  config: { asc: Uint8Array } | { alac: Uint8Array };
  /** Box bodies @audio/decode-aac's gapless() reads to trim the encoder's priming and padding. */
  boxes: { elst?: Uint8Array; mdhd?: Uint8Array; stts?: Uint8Array; mvhd?: Uint8Array; ilst?: Uint8Array };
  sampleSizes: number[];
  chunkOffsets: number[];
  /** stsc: from chunk `first` (1-based) on, each chunk holds `perChunk` samples. */
  samplesPerChunk: { first: number; perChunk: number }[];
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'udta', 'meta']);

export function readMp4AudioTrack(bytes: Uint8Array): Mp4AudioTrack {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tracks: Partial<Mp4AudioTrack & { asc: Uint8Array; alac: Uint8Array; handler: string }>[] = [];
  let mvhd: Uint8Array | undefined;
  let ilst: Uint8Array | undefined;
  let sawMoov = false;
  const walk = (from: number, to: number, parent: string) => {
    for (let at = from; at + 8 <= to; ) {
      let size = view.getUint32(at);
      let header = 8;
      if (size === 1 && at + 16 <= to) {
        size = view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12);
        header = 16;
      } else if (size === 0) size = to - at;
      if (size < header) throw damaged('the M4A file has a damaged box structure');
      const type = ascii(bytes, at + 4, at + 8);
      const end = at + size;
      if (type !== 'mdat' && end > to) return; // cut short: whatever is missing is reported below
      const body = bytes.subarray(at + header, end);
      const track = tracks.at(-1);
      if (type === 'moov') sawMoov = true;
      if (type === 'trak') tracks.push({});
      if (CONTAINERS.has(type)) walk(at + header + (type === 'meta' ? 4 : 0), end, type);
      else if (type === 'mvhd') mvhd = body;
      else if (type === 'ilst') ilst = body;
      else if (track && type === 'stsd') sampleEntries(body, track);
      // A meta box has an hdlr too ('mdir'): only the media's says what the track is.
      else if (track && type === 'hdlr' && parent === 'mdia') track.handler = ascii(body, 8, 12);
      else if (track && (type === 'mdhd' || type === 'elst' || type === 'stts'))
        track.boxes = { ...track.boxes, [type]: body };
      else if (track && type === 'stsz') track.sampleSizes = readStsz(body);
      else if (track && (type === 'stco' || type === 'co64')) track.chunkOffsets = readOffsets(body, type === 'co64');
      else if (track && type === 'stsc')
        track.samplesPerChunk = table(body, 12, (b, at) => ({ first: u32(b, at), perChunk: u32(b, at + 4) }));
      at = end;
    }
  };
  walk(0, bytes.length, '');
  if (!sawMoov) throw damaged('the M4A file has no index (moov box): it is truncated or still being recorded');
  const audio = tracks.filter((t) => t.handler === 'soun');
  if (audio.length === 0) throw unsupported('the MP4 file has no audio track');
  const track = audio.find((t) => t.asc ?? t.alac);
  if (!track) throw unsupported('the MP4 file’s audio is neither AAC nor ALAC');
  const { sampleSizes, chunkOffsets, samplesPerChunk } = track;
  if (!sampleSizes?.length || !chunkOffsets?.length)
    throw damaged('the M4A file has no audio samples in its index (it may be fragmented or damaged)');
  return {
    config: track.asc ? { asc: track.asc } : { alac: track.alac ?? new Uint8Array(0) },
    boxes: { ...track.boxes, mvhd, ilst },
    sampleSizes,
    chunkOffsets,
    samplesPerChunk: samplesPerChunk ?? [{ first: 1, perChunk: 1 }],
  };
}

/** The track's access units in file order, `batch` at a time; a sample past the end of the file means truncation. */
export function* accessUnits(bytes: Uint8Array, track: Mp4AudioTrack, batch: number): Generator<Uint8Array[]> {
  let sample = 0;
  let frames: Uint8Array[] = [];
  let rule = 0;
  for (let chunk = 0; chunk < track.chunkOffsets.length && sample < track.sampleSizes.length; chunk++) {
    while ((track.samplesPerChunk[rule + 1]?.first ?? Number.POSITIVE_INFINITY) <= chunk + 1) rule++;
    let at = track.chunkOffsets[chunk] ?? 0;
    const count = track.samplesPerChunk[rule]?.perChunk ?? 1;
    for (let i = 0; i < count && sample < track.sampleSizes.length; i++, sample++) {
      const size = track.sampleSizes[sample] ?? 0;
      if (at + size > bytes.length) throw damaged('the M4A file is truncated (it ends before its audio does)');
      frames.push(bytes.subarray(at, at + size));
      at += size;
      if (frames.length === batch) {
        yield frames;
        frames = [];
      }
    }
  }
  if (frames.length > 0) yield frames;
}

/** stsd: the audio sample entry (QuickTime sound description v0/v1/v2), then its esds or alac child box. */
function sampleEntries(body: Uint8Array, track: { asc?: Uint8Array; alac?: Uint8Array }): void {
  const entry = 8;
  const type = ascii(body, entry + 4, entry + 8);
  if (type !== 'mp4a' && type !== 'alac') return;
  const version = ((body[entry + 16] ?? 0) << 8) | (body[entry + 17] ?? 0);
  const head = version === 1 ? 52 : version === 2 ? u32(body, entry + 36) : 36;
  const end = Math.min(body.length, entry + u32(body, entry));
  for (let at = entry + head; at + 8 <= end; ) {
    const size = u32(body, at);
    if (size < 8) return;
    const child = ascii(body, at + 4, at + 8);
    if (child === 'esds') track.asc = esdsConfig(body.subarray(at + 8, at + size));
    if (child === 'alac') track.alac = body.subarray(at + 8, at + size);
    at += size;
  }
}

/** The DecoderSpecificInfo (tag 5) inside an ES descriptor: the AudioSpecificConfig. */
function esdsConfig(data: Uint8Array): Uint8Array | undefined {
  for (let at = 4; at < data.length - 2; ) {
    const tag = data[at++];
    let length = 0;
    let byte: number;
    do {
      byte = data[at++] ?? 0;
      length = (length << 7) | (byte & 0x7f);
    } while (byte & 0x80 && at < data.length);
    if (tag === 0x03) at += 3;
    else if (tag === 0x04) at += 13;
    else if (tag === 0x05) return data.subarray(at, at + length);
    else at += length;
  }
  return undefined;
}

function readStsz(body: Uint8Array): number[] {
  const fixed = u32(body, 4);
  const count = u32(body, 8);
  return fixed ? new Array<number>(count).fill(fixed) : table(body.subarray(4), 4, u32);
}

function readOffsets(body: Uint8Array, wide: boolean): number[] {
  return table(body, wide ? 8 : 4, wide ? (b, at) => u32(b, at) * 2 ** 32 + u32(b, at + 4) : u32);
}

/** A full box's table: version/flags, a 32-bit entry count, then entries of `width` bytes. */
function table<T>(body: Uint8Array, width: number, read: (b: Uint8Array, at: number) => T): T[] {
  const count = Math.min(u32(body, 4), Math.floor((body.length - 8) / width));
  return Array.from({ length: Math.max(0, count) }, (_, i) => read(body, 8 + i * width));
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0
  );
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
