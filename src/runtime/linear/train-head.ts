import { balancedWeights, type CrossValidation, crossValidate } from './cross-validate.js';
import { fitLogistic } from './logistic.js';

/** What a head is trained from: labelled embeddings (rows of `dims` floats), in the worker or here. */
export interface TrainJob {
  x: Float32Array;
  y: Uint8Array;
  dims: number;
  folds: number;
  lambda: number;
}

export interface TrainedHead {
  weights: number[];
  bias: number;
  iterations: number;
  converged: boolean;
  cv: CrossValidation;
}

/** Cross-validates, then fits the head kept on every row; both classes weigh the same. */
export function trainHead(job: TrainJob): TrainedHead {
  const rows = job.y.length;
  const data = { x: job.x, y: job.y, rows, dims: job.dims, weights: balancedWeights(job.y) };
  const options = { lambda: job.lambda };
  const cv = crossValidate(data, job.folds, options);
  const model = fitLogistic(data, options);
  return {
    weights: [...model.weights],
    bias: model.bias,
    iterations: model.iterations,
    converged: model.converged,
    cv,
  };
}
