import type { TaskName } from '../tasks.js';
import { imageCaptioning } from './captioning.js';
import { textClassification } from './classification.js';
import { featureExtraction } from './embeddings.js';
import { textGeneration } from './generation.js';
import { imageClassification } from './image-classification.js';
import { objectDetection } from './object-detection.js';
import type { PipelineFactory } from './pipeline.js';
import { questionAnswering } from './question-answering.js';
import { textToImage } from './text-to-image.js';
import { tokenClassification } from './token-classification.js';
import { translation } from './translation.js';
import { voiceActivityDetection } from './vad.js';
import { speechRecognition } from './whisper.js';
import { zeroShotClassification } from './zero-shot.js';

/** Which pipeline loads a model of each task (inside a worker). */
export const PIPELINES: Record<TaskName, PipelineFactory> = {
  'text-classification': textClassification,
  'token-classification': tokenClassification,
  'feature-extraction': featureExtraction,
  'question-answering': questionAnswering,
  'text-generation': textGeneration,
  'text2text-generation': textGeneration,
  'voice-activity-detection': voiceActivityDetection,
  'automatic-speech-recognition': speechRecognition,
  'text-to-image': textToImage,
  'image-classification': imageClassification,
  'object-detection': objectDetection,
  'image-to-text': imageCaptioning,
  'zero-shot-classification': zeroShotClassification,
  translation,
};
