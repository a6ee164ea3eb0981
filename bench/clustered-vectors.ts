/**
 * Seeded synthetic embeddings for retrieval benchmarks. Uniform random vectors are the worst case for any ANN
 * index and nothing like sentence embeddings, which cluster by topic; these are a mixture of Gaussians: unit
 * vectors scattered around `centres` random unit centres, each cluster with its own spread (noise of norm 0.6–1.1
 * against the unit centre, so members of a cluster have cosine similarities around 0.45–0.75 and other clusters
 * about 0), normalized like the embedding model's output. The same seed gives the same vectors.
 */
export interface Mixture {
  dim: number;
  centres: number;
  /** Fills `out` with `count` points of the mixture, each plus extra noise of norm `jitter`, then normalized. */
  sample(out: Float32Array, count: number, random: Random, jitter?: number): void;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  gaussian(): number;
}

/** sfc32 (a small fast PRNG that passes PractRand); Gaussians from a 65,536-entry inverse-CDF table. */
export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed | 0;
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) u32();
  let spare = -1;
  return {
    next: () => u32() / 2 ** 32,
    gaussian() {
      if (spare >= 0) {
        const value = NORMAL[spare] ?? 0;
        spare = -1;
        return value;
      }
      const bits = u32();
      spare = bits >>> 16;
      return NORMAL[bits & 0xffff] ?? 0;
    },
  };
}

export function gaussianMixture(seed: number, centres: number, dim: number): Mixture {
  const random = seededRandom(seed);
  const centre = new Float32Array(centres * dim);
  for (let i = 0; i < centre.length; i++) centre[i] = random.gaussian();
  for (let k = 0; k < centres; k++) normalize(centre, k * dim, dim);
  const spread = Float32Array.from({ length: centres }, () => (0.6 + 0.5 * random.next()) / Math.sqrt(dim));
  return {
    dim,
    centres,
    sample(out, count, random, jitter = 0) {
      for (let j = 0; j < count; j++) {
        const k = Math.floor(random.next() * centres);
        const sd = spread[k] ?? 0;
        const extra = jitter / Math.sqrt(dim);
        for (let i = 0, o = j * dim, from = k * dim; i < dim; i++) {
          out[o + i] = (centre[from + i] ?? 0) + sd * random.gaussian() + (extra && extra * random.gaussian());
        }
        normalize(out, j * dim, dim);
      }
    },
  };
}

function normalize(v: Float32Array, offset: number, dim: number): void {
  let sum = 0;
  for (let i = offset; i < offset + dim; i++) sum += (v[i] ?? 0) ** 2;
  const scale = 1 / Math.sqrt(sum);
  for (let i = offset; i < offset + dim; i++) v[i] = (v[i] ?? 0) * scale;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((sum, coefficient) => sum * x + coefficient, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  return (poly(a, q * q) * q) / (poly(b, q * q) * q * q + 1);
}

const NORMAL = Float32Array.from({ length: 65_536 }, (_, i) => normalQuantile((i + 0.5) / 65_536));
