import { damaged, unsupported } from './sniff.js';

/**
 * WebM/Opus demuxing, enough for what browsers' MediaRecorder and ffmpeg write: the Opus track's OpusHead, then its
 * packets in SimpleBlocks or BlockGroups (no lacing), in batches. Done here so the packets go straight to libopus
 * (@audio/decode-opus, MIT) instead of through @audio/decode-webm, which also drags in GPL AC-3/DTS decoders.
 * Live recordings have Segments and Clusters of unknown size, so the walk is flat: it steps into containers and
 * reads blocks wherever they are rather than trusting sizes.
 */
export interface WebmOpusTrack {
  number: number;
  channels: number;
  preSkip: number;
  streamCount?: number;
  coupledStreamCount?: number;
  channelMappingTable?: number[];
}

export interface OpusBatch {
  track: WebmOpusTrack;
  packets: Uint8Array[];
  /** Samples (48 kHz) to drop from the end of this batch's output: the encoder's padding of the last packet. */
  discardSamples: number;
}

const ID = {
  segment: 0x18538067,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  block: 0xa1,
  simpleBlock: 0xa3,
  discardPadding: 0x75a2,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackType: 0x83,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
} as const;
/** Elements stepped into rather than over. */
const CONTAINERS = new Set<number>([ID.segment, ID.cluster, ID.blockGroup]);

export function* webmOpusBatches(bytes: Uint8Array, batch: number): Generator<OpusBatch, void, undefined> {
  let track: WebmOpusTrack | undefined;
  let packets: Uint8Array[] = [];
  const header = element(bytes, 0);
  for (let at = header?.end ?? bytes.length; at < bytes.length; ) {
    const el = element(bytes, at);
    if (!el) throw damaged('the WebM file is damaged or truncated (an element is cut short)');
    if (CONTAINERS.has(el.id)) {
      at = el.start;
      continue;
    }
    if (el.end > bytes.length || el.cut) throw damaged('the WebM file is truncated (it ends before its audio does)');
    if (el.id === ID.tracks) track = opusTrack(bytes, el.start, el.end);
    else if (el.id === ID.simpleBlock || el.id === ID.block || el.id === ID.discardPadding) {
      if (!track) throw damaged('the WebM file has audio before its track list');
      if (el.id === ID.discardPadding) {
        // Nanoseconds, signed; it belongs to the block just read.
        const ns = Number(BigInt.asIntN(8 * (el.end - el.start), uint(bytes, el.start, el.end - el.start)));
        yield { track, packets, discardSamples: Math.max(0, Math.round((ns * 48_000) / 1e9)) };
        packets = [];
      } else {
        // Flush before adding, so a DiscardPadding after this block still finds it in the batch it trims.
        if (packets.length >= batch) {
          yield { track, packets, discardSamples: 0 };
          packets = [];
        }
        const packet = blockPayload(bytes, el.start, el.end, track.number);
        if (packet) packets.push(packet);
      }
    }
    at = el.end;
  }
  if (!track) throw damaged('the WebM file has no track list (it is damaged or truncated)');
  if (packets.length > 0) yield { track, packets, discardSamples: 0 };
}

/** Segment › Info › Duration (a float in TimecodeScale units of nanoseconds); live recordings leave it out. */
export function webmDuration(bytes: Uint8Array): number | undefined {
  const segment = element(bytes, element(bytes, 0)?.end ?? bytes.length);
  if (segment?.id !== ID.segment) return undefined;
  for (let at = segment.start; at < segment.end; ) {
    const el = element(bytes, at);
    if (!el || el.id === ID.cluster) return undefined; // media data, and no Info before it
    if (el.id === ID.info) {
      let scale = 1_000_000;
      let duration: number | undefined;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let f = el.start; f < el.end; ) {
        const field = element(bytes, f);
        if (!field) break;
        const size = field.end - field.start;
        if (field.id === ID.timecodeScale) scale = Number(uint(bytes, field.start, size));
        if (field.id === ID.duration && (size === 4 || size === 8))
          duration = size === 4 ? view.getFloat32(field.start) : view.getFloat64(field.start);
        f = field.end;
      }
      return duration !== undefined && duration > 0 ? (duration * scale) / 1e9 : undefined;
    }
    at = el.end;
  }
  return undefined;
}

/** The Opus track's settings from Tracks; any other audio codec is refused with what it is. */
function opusTrack(bytes: Uint8Array, from: number, to: number): WebmOpusTrack {
  const codecs: string[] = [];
  for (let at = from; at < to; ) {
    const entry = element(bytes, at);
    if (!entry) break;
    if (entry.id === ID.trackEntry) {
      const fields = new Map<number, { start: number; end: number }>();
      for (let f = entry.start; f < entry.end; ) {
        const field = element(bytes, f);
        if (!field) break;
        fields.set(field.id, field);
        f = field.end;
      }
      const get = (id: number) => {
        const f = fields.get(id);
        return f ? bytes.subarray(f.start, f.end) : undefined;
      };
      const type = get(ID.trackType);
      const codec = Buffer.from(get(ID.codecId) ?? []).toString('latin1');
      if (type && uint(type, 0, type.length) === 2n) codecs.push(codec);
      const head = get(ID.codecPrivate);
      if (codec === 'A_OPUS' && head && head.length >= 19) {
        const number = Number(uint(get(ID.trackNumber) ?? new Uint8Array([1]), 0, get(ID.trackNumber)?.length ?? 1));
        const channels = head[9] ?? 1;
        const preSkip = (head[10] ?? 0) | ((head[11] ?? 0) << 8);
        if ((head[18] ?? 0) === 0) return { number, channels, preSkip };
        return {
          number,
          channels,
          preSkip,
          streamCount: head[19] ?? 1,
          coupledStreamCount: head[20] ?? 0,
          channelMappingTable: Array.from(head.subarray(21, 21 + channels)),
        };
      }
    }
    at = entry.end;
  }
  if (codecs.length === 0) throw unsupported('the WebM file has no audio track');
  throw unsupported(`the WebM file's audio is ${codecs.join(', ')}; only Opus in WebM is supported`);
}

/** A (Simple)Block's frame for our track: track number, 16-bit timecode, flags, then the frame (unlaced). */
function blockPayload(bytes: Uint8Array, start: number, end: number, track: number): Uint8Array | undefined {
  const length = vintLength(bytes[start] ?? 0);
  const number = Number(uint(bytes, start, length) - (1n << BigInt(7 * length)));
  if (number !== track) return undefined;
  const flags = bytes[start + length + 2] ?? 0;
  if (flags & 0x06) throw unsupported('the WebM file uses laced blocks, which are not supported');
  return bytes.subarray(start + length + 3, end);
}

/** An EBML element's id and body; an unknown size (all ones) runs to the end of the file. */
function element(bytes: Uint8Array, at: number): { id: number; start: number; end: number; cut: boolean } | undefined {
  const idLength = vintLength(bytes[at] ?? 0);
  const sizeLength = vintLength(bytes[at + idLength] ?? 0);
  if (idLength > 4 || sizeLength > 8 || at + idLength + sizeLength > bytes.length) return undefined;
  const id = Number(uint(bytes, at, idLength));
  const marker = 1n << BigInt(7 * sizeLength);
  const size = uint(bytes, at + idLength, sizeLength) - marker;
  const start = at + idLength + sizeLength;
  const end = size === marker - 1n ? bytes.length : start + Number(size);
  return { id, start, end: Math.min(end, bytes.length), cut: end > bytes.length };
}

function vintLength(first: number): number {
  return first === 0 ? 9 : Math.clz32(first) - 23;
}

function uint(bytes: Uint8Array, at: number, length: number): bigint {
  let value = 0n;
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(bytes[at + i] ?? 0);
  return value;
}
