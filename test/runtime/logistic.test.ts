import { describe, expect, it } from 'vitest';
import { assignFolds, crossValidate, rates } from '../../src/runtime/linear/cross-validate.js';
import { type Dataset, fitLogistic, gradient, objective, predict, sigmoid } from '../../src/runtime/linear/logistic.js';
import { trainHead } from '../../src/runtime/linear/train-head.js';
import { trainInWorker } from '../../src/runtime/linear/train-in-worker.js';

const dataset = (rows: number[][], y: number[]): Dataset => ({
  x: Float32Array.from(rows.flat()),
  y: Uint8Array.from(y),
  rows: rows.length,
  dims: rows[0]?.length ?? 0,
});

/** Two clusters either side of the plane x₀ + x₁ = 0, with a coordinate of noise that carries no signal. */
function separable(count: number): Dataset {
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const side = i % 2;
    const spread = ((i * 37) % 11) / 11;
    rows.push([side ? 1 + spread : -1 - spread, side ? 0.5 - spread : -0.5 + spread, ((i * 53) % 7) / 7 - 0.5]);
    y.push(side);
  }
  return dataset(rows, y);
}

describe('logistic regression (L2, accelerated gradient descent)', () => {
  it('has the gradient worked out by hand at a known point', () => {
    // w = (1, −1), b = 0.5, λ = 0.1; rows (1, 2) → label 1 and (0, 1) → label 0.
    const data = dataset(
      [
        [1, 2],
        [0, 1],
      ],
      [1, 0],
    );
    const w = Float64Array.from([1, -1]);
    const p1 = sigmoid(1 - 2 + 0.5);
    const p2 = sigmoid(0 - 1 + 0.5);
    const g = gradient(data, w, 0.5, 0.1);
    expect(g.weights[0]).toBeCloseTo(((p1 - 1) * 1 + p2 * 0) / 2 + 0.1 * 1, 12);
    expect(g.weights[1]).toBeCloseTo(((p1 - 1) * 2 + p2 * 1) / 2 + 0.1 * -1, 12);
    expect(g.bias).toBeCloseTo((p1 - 1 + p2) / 2, 12);
    const loss = (-Math.log(p1) - Math.log(1 - p2)) / 2 + (0.1 / 2) * 2;
    expect(objective(data, w, 0.5, 0.1)).toBeCloseTo(loss, 12);
  });

  it('agrees with finite differences of the objective, sample weights included', () => {
    const data = { ...separable(12), weights: Float64Array.from({ length: 12 }, (_, i) => 0.5 + (i % 3)) };
    const w = Float64Array.from([0.3, -0.2, 0.7]);
    const g = gradient(data, w, -0.1, 0.05);
    const h = 1e-6;
    for (let j = 0; j < 3; j++) {
      const up = w.slice();
      const down = w.slice();
      up[j] = (up[j] ?? 0) + h;
      down[j] = (down[j] ?? 0) - h;
      const numeric = (objective(data, up, -0.1, 0.05) - objective(data, down, -0.1, 0.05)) / (2 * h);
      expect(g.weights[j]).toBeCloseTo(numeric, 6);
    }
    const numericBias = (objective(data, w, -0.1 + h, 0.05) - objective(data, w, -0.1 - h, 0.05)) / (2 * h);
    expect(g.bias).toBeCloseTo(numericBias, 6);
  });

  it('separates a separable set, converging to a zero gradient; stronger λ gives smaller weights', () => {
    const data = separable(40);
    const model = fitLogistic(data, { lambda: 0.01 });
    expect(model.converged).toBe(true);
    const g = gradient(data, model.weights, model.bias, 0.01);
    expect(Math.hypot(g.bias, ...g.weights)).toBeLessThan(1e-6);
    for (let i = 0; i < data.rows; i++) {
      const p = predict(model, data.x.subarray(i * 3, i * 3 + 3));
      expect(p >= 0.5).toBe(data.y[i] === 1);
    }
    // The signal is in x₀ and x₁; the noise coordinate stays small.
    expect(Math.abs(model.weights[2] ?? 0)).toBeLessThan(Math.abs(model.weights[0] ?? 0) / 4);
    const norm = (w: Float64Array) => Math.hypot(...w);
    expect(norm(fitLogistic(data, { lambda: 1 }).weights)).toBeLessThan(norm(model.weights));
    expect(() => fitLogistic(data, { lambda: 0 })).toThrow(RangeError);
  });

  it('cross-validates with stratified folds: a separable set scores 1, shuffled labels do not', () => {
    const data = separable(40);
    const folds = assignFolds(data.y, 5);
    for (let k = 0; k < 5; k++) {
      const inFold = [...folds.keys()].filter((i) => folds[i] === k);
      expect(inFold.filter((i) => data.y[i] === 1)).toHaveLength(4);
      expect(inFold).toHaveLength(8);
    }
    expect(crossValidate(data, 5, { lambda: 0.01 })).toMatchObject({ precision: 1, recall: 1, truePositives: 20 });
    const noise = { ...data, y: Uint8Array.from(data.y, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0)) };
    const cv = crossValidate(noise, 5, { lambda: 0.01 });
    expect(cv.precision).toBeLessThan(0.9);
    expect(rates({ truePositives: 0, falsePositives: 0, falseNegatives: 3, trueNegatives: 1 })).toEqual({
      precision: 0,
      recall: 0,
    });
  });

  it('trains in a worker thread to the same head as on this thread', async () => {
    const data = separable(30);
    const job = () => ({ x: data.x.slice(), y: data.y.slice(), dims: 3, folds: 3, lambda: 0.01 });
    const here = trainHead(job());
    const there = await trainInWorker(job(), { timeoutMs: 60_000, memoryMb: 128 });
    expect(there).toEqual(here);
    expect(there.cv).toMatchObject({ folds: 3, precision: 1, recall: 1 });
  });
});
