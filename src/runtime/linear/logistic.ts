/**
 * L2-regularised logistic regression on dense rows (sentence embeddings): small enough to write and test here
 * rather than depend on an unmaintained npm package. Minimises
 *   J(w, b) = (1/n) Σ sᵢ · log(1 + exp(−ŷᵢ (w·xᵢ + b))) + (λ/2)‖w‖²      (ŷᵢ = ±1, sᵢ the sample weight)
 * with Nesterov-accelerated gradient descent. J is λ-strongly convex and its gradient L-Lipschitz, so the fixed step
 * 1/L with momentum (√κ−1)/(√κ+1) converges linearly. The bias is not regularised.
 */

/** Rows of `dims` floats laid end to end, and a 0/1 label per row. */
export interface Dataset {
  x: Float32Array;
  y: Uint8Array;
  rows: number;
  dims: number;
  /** Per-row weight (default 1): balanced classes weigh the rarer class up. */
  weights?: Float64Array | undefined;
}

export interface LogisticOptions {
  /** The L2 strength λ (> 0: it keeps the weights finite on separable data). */
  lambda: number;
  maxIterations?: number;
  /** Stop when the gradient's norm falls below this. */
  tolerance?: number;
}

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
  iterations: number;
  converged: boolean;
}

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** log(1 + exp(z)) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

function dot(x: Float32Array, row: number, dims: number, w: Float64Array): number {
  let sum = 0;
  const start = row * dims;
  for (let j = 0; j < dims; j++) sum += (x[start + j] ?? 0) * (w[j] ?? 0);
  return sum;
}

export function objective(data: Dataset, w: Float64Array, b: number, lambda: number): number {
  let loss = 0;
  for (let i = 0; i < data.rows; i++) {
    const z = dot(data.x, i, data.dims, w) + b;
    loss += (data.weights?.[i] ?? 1) * softplus(data.y[i] ? -z : z);
  }
  let norm = 0;
  for (const v of w) norm += v * v;
  return loss / data.rows + (lambda / 2) * norm;
}

/** ∇J: (1/n) Σ sᵢ (σ(zᵢ) − yᵢ) xᵢ + λw, and ∂J/∂b = (1/n) Σ sᵢ (σ(zᵢ) − yᵢ). */
export function gradient(
  data: Dataset,
  w: Float64Array,
  b: number,
  lambda: number,
): { weights: Float64Array; bias: number } {
  const grad = new Float64Array(data.dims);
  let bias = 0;
  for (let i = 0; i < data.rows; i++) {
    const residual = (data.weights?.[i] ?? 1) * (sigmoid(dot(data.x, i, data.dims, w) + b) - (data.y[i] ?? 0));
    bias += residual;
    const start = i * data.dims;
    for (let j = 0; j < data.dims; j++) grad[j] = (grad[j] ?? 0) + residual * (data.x[start + j] ?? 0);
  }
  for (let j = 0; j < data.dims; j++) grad[j] = (grad[j] ?? 0) / data.rows + lambda * (w[j] ?? 0);
  return { weights: grad, bias: bias / data.rows };
}

/**
 * An upper bound of the gradient's Lipschitz constant: the logistic loss curves at most 1/4, so
 * L ≤ (1/4)·max sᵢ·λmax(X̃ᵀX̃/n) + λ, with λmax bounded by the trace (1/n) Σ (‖xᵢ‖² + 1) (the 1 is the bias column).
 */
function lipschitz(data: Dataset, lambda: number): number {
  let trace = 0;
  let heaviest = 0;
  for (let i = 0; i < data.rows; i++) {
    let norm = 1;
    for (let j = i * data.dims; j < (i + 1) * data.dims; j++) norm += (data.x[j] ?? 0) ** 2;
    trace += norm;
    heaviest = Math.max(heaviest, data.weights?.[i] ?? 1);
  }
  return 0.25 * heaviest * (trace / Math.max(1, data.rows)) + lambda;
}

export function fitLogistic(data: Dataset, options: LogisticOptions): LogisticModel {
  const { lambda, maxIterations = 5000, tolerance = 1e-6 } = options;
  if (!(lambda > 0)) throw new RangeError('lambda must be positive');
  const step = 1 / lipschitz(data, lambda);
  const root = Math.sqrt(lipschitz(data, lambda) / lambda);
  const momentum = (root - 1) / (root + 1);
  let w = new Float64Array(data.dims);
  let b = 0;
  // The look-ahead point the gradient is taken at.
  const v = new Float64Array(data.dims);
  let vb = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const g = gradient(data, v, vb, lambda);
    const norm = Math.hypot(g.bias, ...g.weights);
    if (norm < tolerance) return { weights: v.slice(), bias: vb, iterations: iteration, converged: true };
    const next = new Float64Array(data.dims);
    for (let j = 0; j < data.dims; j++) next[j] = (v[j] ?? 0) - step * (g.weights[j] ?? 0);
    const nextB = vb - step * g.bias;
    for (let j = 0; j < data.dims; j++) v[j] = (next[j] ?? 0) + momentum * ((next[j] ?? 0) - (w[j] ?? 0));
    vb = nextB + momentum * (nextB - b);
    w = next;
    b = nextB;
  }
  return { weights: w, bias: b, iterations: maxIterations, converged: false };
}

/** The probability of the positive class for one vector. */
export function predict(model: { weights: ArrayLike<number>; bias: number }, vector: ArrayLike<number>): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += (model.weights[j] ?? 0) * (vector[j] ?? 0);
  return sigmoid(z);
}
