import type { TaskName } from '../tasks.js';
import { textClassification } from './classification.js';
import { featureExtraction } from './embeddings.js';
import { textGeneration } from './generation.js';
import type { PipelineFactory } from './pipeline.js';
import { questionAnswering } from './question-answering.js';
import { tokenClassification } from './token-classification.js';

/** Which pipeline loads a model of each task (inside a worker). */
export const PIPELINES: Record<TaskName, PipelineFactory> = {
  'text-classification': textClassification,
  'token-classification': tokenClassification,
  'feature-extraction': featureExtraction,
  'question-answering': questionAnswering,
  'text-generation': textGeneration,
  'text2text-generation': textGeneration,
};
