/**
 * Task inputs and outputs as JSON for the job queue (BullMQ stores job data as JSON): typed arrays (audio, images,
 * embeddings) travel as base64 with their type, and come back as the same typed array.
 */
const TYPED = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

interface Encoded {
  $typed: TypedName;
  base64: string;
}

export function encode(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new Error(`cannot queue a ${value.constructor.name}`);
    // Buffer is a Uint8Array: it comes back as one.
    const $typed = Buffer.isBuffer(value) ? 'Uint8Array' : name;
    return { $typed, base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  return value;
}

export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const typed = value as Partial<Encoded>;
    if (typeof typed.$typed === 'string' && typeof typed.base64 === 'string' && typed.$typed in TYPED) {
      const bytes = Buffer.from(typed.base64, 'base64');
      // A copy into a fresh, aligned buffer: Buffer's pool may start at an offset a Float32Array cannot use.
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      const View = TYPED[typed.$typed];
      return new View(copy.buffer, 0, copy.byteLength / View.BYTES_PER_ELEMENT);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}
