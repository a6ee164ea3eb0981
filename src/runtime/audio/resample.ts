/**
 * A streaming polyphase resampler with a Kaiser-windowed sinc kernel, for mono float audio. Written here rather than
 * taken from npm: the packages that exist are either linear/cubic interpolators (which alias badly when going down
 * from 44.1/48 kHz to 16 kHz, right where Whisper's mel filters look) or Emscripten builds of libsamplerate that hold
 * the whole signal at once. Input arrives in chunks and output comes out as soon as enough input is there, so a long
 * recording never needs its native-rate samples in memory all at once.
 */

/** Zero crossings of the sinc on each side: with β = 8.6 the stopband is ~80 dB down, more than 16-bit audio needs. */
const ZERO_CROSSINGS = 16;
const KAISER_BETA = 8.6;
/** The passband ends a little below the output's Nyquist frequency so the transition band does not alias. */
const ROLLOFF = 0.94;
/** Above this many phases (rates with a small common divisor) the kernel is computed per output sample instead. */
const MAX_TABLE_PHASES = 2048;

export class Resampler {
  /** The rate ratio as a reduced fraction: `up` outputs for every `down` inputs. */
  private readonly up: number;
  private readonly down: number;
  private readonly halfWidth: number;
  private readonly cutoff: number;
  private readonly table: Float32Array[] | undefined;
  /** Input not yet consumed; `base` is the absolute index of its first sample. */
  private pending: Float32Array;
  private base: number;
  private inputCount = 0;
  /** Index of the next output sample. */
  private next = 0;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
  ) {
    if (!(inRate > 0 && outRate > 0 && Number.isInteger(inRate) && Number.isInteger(outRate)))
      throw new RangeError(`bad sample rates ${inRate} → ${outRate}`);
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.cutoff = Math.min(1, outRate / inRate) * (inRate === outRate ? 1 : ROLLOFF);
    this.halfWidth = inRate === outRate ? 1 : Math.ceil(ZERO_CROSSINGS / this.cutoff);
    this.pending = new Float32Array(this.halfWidth);
    this.base = -this.halfWidth;
    if (this.up <= MAX_TABLE_PHASES) {
      this.table = [];
      for (let p = 0; p < this.up; p++) this.table.push(this.kernel(p / this.up));
    }
  }

  /** Feeds input; returns the output samples it completes (often fewer than its length × ratio, never wrong ones). */
  push(input: Float32Array): Float32Array {
    this.inputCount += input.length;
    const joined = new Float32Array(this.pending.length + input.length);
    joined.set(this.pending);
    joined.set(input, this.pending.length);
    this.pending = joined;
    return this.drain(Number.POSITIVE_INFINITY);
  }

  /** The rest of the output, treating the input as followed by silence; the total is inputs × out/in, rounded. */
  end(): Float32Array {
    const padded = new Float32Array(this.pending.length + this.halfWidth + 1);
    padded.set(this.pending);
    this.pending = padded;
    return this.drain(Math.round((this.inputCount * this.up) / this.down));
  }

  /** Computes every output whose kernel window lies within the pending input, up to `total` outputs in all. */
  private drain(total: number): Float32Array {
    const { up, down, halfWidth, pending, base, table } = this;
    const width = 2 * halfWidth;
    // Output n needs input up to floor(n·down/up) + halfWidth, so it can be made while that centre ≤ lastCentre.
    const lastCentre = base + pending.length - halfWidth - 1;
    const end = Math.min(total, Math.ceil(((lastCentre + 1) * up) / down));
    const out = new Float32Array(Math.max(0, end - this.next));
    for (let k = 0; k < out.length; k++) {
      const scaled = (this.next + k) * down;
      const centre = Math.floor(scaled / up);
      const taps = table ? (table[scaled - centre * up] as Float32Array) : this.kernel((scaled - centre * up) / up);
      // `pending` starts with halfWidth zeros (the silence before the first sample), so `from` is never negative.
      const from = centre - halfWidth + 1 - base;
      let sum = 0;
      for (let j = 0; j < width; j++) sum += (pending[from + j] as number) * (taps[j] as number);
      out[k] = sum;
    }
    this.next += out.length;
    // Keep only the input the next output still needs.
    const keepFrom = Math.floor((this.next * down) / up) - halfWidth + 1;
    if (keepFrom > base) {
      this.pending = pending.slice(Math.min(keepFrom - base, pending.length));
      this.base = keepFrom;
    }
    return out;
  }

  /** Taps for an output that falls `frac` of the way between two input samples, normalised to unit DC gain. */
  private kernel(frac: number): Float32Array {
    const taps = new Float32Array(2 * this.halfWidth);
    if (this.up === this.down) {
      taps[this.halfWidth - 1] = 1;
      return taps;
    }
    let sum = 0;
    for (let j = 0; j < taps.length; j++) {
      const t = j - this.halfWidth + 1 - frac;
      const x = this.cutoff * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = t / this.halfWidth;
      const window = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / besselI0(KAISER_BETA);
      const value = sinc * window;
      taps[j] = value;
      sum += value;
    }
    for (let j = 0; j < taps.length; j++) taps[j] = (taps[j] ?? 0) / sum;
    return taps;
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The modified Bessel function of the first kind, order 0, by its power series (converges fast for β ≤ 10). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}
