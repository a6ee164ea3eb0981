import { type Dataset, fitLogistic, type LogisticOptions, predict } from './logistic.js';

export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface CrossValidation extends Confusion {
  folds: number;
  /** Of the held-out rows predicted positive, the share that were; 0 when none was predicted positive. */
  precision: number;
  /** Of the held-out positive rows, the share predicted positive. */
  recall: number;
}

/** Each row's fold: classes are dealt out separately (stratified), in an order shuffled by a fixed seed. */
export function assignFolds(labels: Uint8Array, folds: number, seed = 1): Int32Array {
  const fold = new Int32Array(labels.length);
  let state = seed >>> 0 || 1;
  // xorshift32: a reproducible shuffle, so the same data gives the same metrics run after run.
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (const label of [0, 1]) {
    const rows = [...labels.keys()].filter((i) => labels[i] === label);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] ?? 0, rows[i] ?? 0];
    }
    rows.forEach((row, k) => {
      fold[row] = k % folds;
    });
  }
  return fold;
}

/** The rows of `data` whose `keep` is true, as a dataset of their own. */
export function subset(data: Dataset, keep: (row: number) => boolean): Dataset {
  const rows = [...Array(data.rows).keys()].filter(keep);
  const x = new Float32Array(rows.length * data.dims);
  const y = new Uint8Array(rows.length);
  const weights = data.weights && new Float64Array(rows.length);
  rows.forEach((row, i) => {
    x.set(data.x.subarray(row * data.dims, (row + 1) * data.dims), i * data.dims);
    y[i] = data.y[row] ?? 0;
    if (weights) weights[i] = data.weights?.[row] ?? 1;
  });
  return { x, y, rows: rows.length, dims: data.dims, weights };
}

/** Precision and recall from confusion counts (0 where nothing was predicted or nothing was positive). */
export function rates(c: Confusion): { precision: number; recall: number } {
  const predicted = c.truePositives + c.falsePositives;
  const positives = c.truePositives + c.falseNegatives;
  return {
    precision: predicted ? c.truePositives / predicted : 0,
    recall: positives ? c.truePositives / positives : 0,
  };
}

/**
 * k-fold cross-validation: a model is fitted on all folds but one and judged (at probability 0.5) on the one left
 * out; the counts of every fold add up to one precision and one recall.
 */
export function crossValidate(data: Dataset, folds: number, options: LogisticOptions): CrossValidation {
  const fold = assignFolds(data.y, folds);
  const counts: Confusion = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (let k = 0; k < folds; k++) {
    const model = fitLogistic(
      subset(data, (row) => fold[row] !== k),
      options,
    );
    for (let row = 0; row < data.rows; row++) {
      if (fold[row] !== k) continue;
      const flagged = predict(model, data.x.subarray(row * data.dims, (row + 1) * data.dims)) >= 0.5;
      const positive = data.y[row] === 1;
      if (flagged && positive) counts.truePositives++;
      else if (flagged) counts.falsePositives++;
      else if (positive) counts.falseNegatives++;
      else counts.trueNegatives++;
    }
  }
  return { folds, ...counts, ...rates(counts) };
}

/** Weights that make each class count as much as the other in the loss (n / (2 · rows of the class)). */
export function balancedWeights(labels: Uint8Array): Float64Array {
  const positives = labels.reduce((sum, v) => sum + v, 0);
  const negatives = labels.length - positives;
  return Float64Array.from(labels, (v) => labels.length / (2 * Math.max(1, v ? positives : negatives)));
}
