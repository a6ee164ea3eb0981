/**
 * The tasks the pool runs, with their input and output shapes. Shared by the main thread (callers, scheduler)
 * and the workers (pipelines); values cross the thread boundary by structured clone.
 */
export type Aggregation = 'none' | 'simple' | 'first' | 'average' | 'max';

export interface LabelScore {
  label: string;
  score: number;
}

export interface Entity {
  /** The entity type ("PER") when aggregated, the raw label ("B-PER") with aggregation 'none'. */
  label: string;
  score: number;
  /** Character offsets into the original text: text.slice(start, end) is the entity as written. */
  start: number;
  end: number;
  text: string;
}

export interface Answer {
  answer: string;
  score: number;
  start: number;
  end: number;
}

export interface GenerationInput {
  /** Chat messages (rendered with the model's chat template) or a plain prompt. */
  messages?: { role: 'system' | 'user' | 'assistant'; content: string }[];
  prompt?: string;
  maxNewTokens: number;
  /** Greedy when absent or 0. */
  temperature?: number;
  /** Stream decoded text pieces back to the caller as they are produced. */
  stream?: boolean;
}

export interface GenerationOutput {
  text: string;
  tokens: number;
  finishReason: 'stop' | 'length' | 'cancelled';
}

/** A stretch of audio, in seconds from the start of the clip. */
export interface TimeSpan {
  start: number;
  end: number;
}

export interface VadInput {
  /** 16 kHz mono samples in [-1, 1]. Run with `{ transfer: true }` to move the buffer to the worker, not copy it. */
  samples: Float32Array;
  /** Speech starts when a frame's probability reaches this (default 0.5)… */
  threshold?: number;
  /** …and ends when it falls below this for minSilenceMs (default threshold − 0.15). */
  negThreshold?: number;
  /** Shorter speech is dropped (default 250). */
  minSpeechMs?: number;
  /** Pauses shorter than this do not end a segment (default 100). */
  minSilenceMs?: number;
  /** Added to both ends of each segment (default 30). */
  speechPadMs?: number;
}

export interface VadOutput {
  /** Speech probability of each frame, frame i covering [i·frameSeconds, (i+1)·frameSeconds). */
  probabilities: Float32Array;
  frameSeconds: number;
  /** Speech, in order, not overlapping, within [0, duration]. */
  segments: TimeSpan[];
  duration: number;
}

export interface SpeechInput {
  /**
   * Up to 30 s each of 16 kHz mono audio, transcribed together as one batch (one encoder call, one decoding
   * loop). Run with `{ transfer: true }` to move the buffers to the worker instead of copying them.
   */
  windows: Float32Array[];
  /** A language code of the model ("en", "de"); detected from the first decoding step when absent. */
  language?: string;
  /** Translate into English instead of transcribing (default 'transcribe'). */
  task?: 'transcribe' | 'translate';
  /** Tokens each window may produce (default and maximum: what the model allows, 224 for the Hub's Whisper). */
  maxNewTokens?: number;
  /** Decode exactly maxNewTokens per window, never stopping at end-of-text (benchmarks only). */
  ignoreEndOfText?: boolean;
}

/** A stretch of speech and what was said in it. */
export interface SpeechSegment extends TimeSpan {
  text: string;
}

export interface SpeechWindowOutput {
  text: string;
  /** In order, within [0, the window's duration]: seconds from the window's start. */
  segments: SpeechSegment[];
  /** Tokens decoded for this window (text and timestamps). */
  tokens: number;
  /** Their ids, after the prompt (<|startoftranscript|> <|lang|> <|task|>), without the closing <|endoftext|>. */
  ids: number[];
  /** 'length' when the token budget ran out before the model ended the window. */
  finishReason: 'stop' | 'length';
}

export interface SpeechOutput {
  /** The language given, or the one detected over the batch's windows. */
  language: string;
  /** The detected language's probability (absent when the caller gave the language). */
  languageProbability?: number;
  windows: SpeechWindowOutput[];
}

export interface ImageInput {
  prompt: string;
  /** Used with classifier-free guidance (non-turbo models, guidance > 1). */
  negativePrompt?: string;
  /** Same seed, prompt, size and steps → the same PNG bytes. */
  seed: number;
  width: number;
  height: number;
  steps: number;
  /** Classifier-free guidance scale; ≤ 1 turns guidance off (turbo models are trained without it). */
  guidance?: number;
}

export interface ImageOutput {
  png: Uint8Array;
  width: number;
  height: number;
  seed: number;
  steps: number;
  /** Milliseconds spent inside ONNX sessions, and in the whole run (the pipeline's overhead is the rest). */
  sessionMs: number;
  totalMs: number;
  /** Of sessionMs, the milliseconds spent decoding the latents into pixels (VAE or TAESD). */
  decodeMs: number;
}

/**
 * An image to classify: encoded bytes (PNG, or any format sharp reads: JPEG, WebP…), decoded in the worker, or
 * raw RGB pixels (width·height·3 bytes, row by row). Run with `{ transfer: true }` to move the bytes, not copy them.
 */
export type ImageClassificationInput = { png: Uint8Array } | { rgb: Uint8Array; width: number; height: number };

/** An image for the vision tasks: the same forms (a parse worker's DecodedImage is the raw form). */
export type ImageSource = ImageClassificationInput;

/** A box in the pixels of the image as given (after EXIF orientation), clamped to it. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedObject {
  label: string;
  score: number;
  box: Box;
}

export type ObjectDetectionInput = ImageSource & {
  /** Objects scoring less are dropped (default 0.9, as transformers.js). */
  threshold?: number;
};

export type CaptionInput = ImageSource & {
  /** Tokens the caption may have (default 30). */
  maxNewTokens?: number;
};

export interface CaptionOutput {
  text: string;
  /** The generated token ids, without the decoder's start token and the end-of-text token. */
  ids: number[];
  finishReason: 'stop' | 'length' | 'cancelled';
}

/**
 * Zero-shot classification with an NLI model, as transformers.js' `zero-shot-classification` pipeline: the text is
 * the premise, each label fills the template's `{}` to make a hypothesis.
 */
export interface ZeroShotInput {
  text: string;
  labels: string[];
  /** Default "This example is {}." ("{}" alone: each label is a whole hypothesis). */
  hypothesisTemplate?: string;
  /**
   * Labels scored independently (entailment against contradiction, each in [0, 1]) instead of a softmax of the
   * entailment logits across labels (summing to 1). One label is always scored independently.
   */
  multiLabel?: boolean;
}

export interface TranslationInput {
  text: string;
  /** Language codes as the model's tokenizer names them ("de" for M2M100's __de__). */
  from: string;
  to: string;
  maxNewTokens: number;
}

export type TranslationOutput = GenerationOutput;

export interface TaskIO {
  'text-classification': { input: { text: string }; output: LabelScore[] };
  'token-classification': { input: { text: string; aggregation?: Aggregation }; output: Entity[] };
  'feature-extraction': {
    input: { text: string; pooling?: 'mean' | 'cls'; normalize?: boolean };
    output: Float32Array;
  };
  'question-answering': {
    input: { question: string; context: string; topK?: number; maxAnswerTokens?: number };
    output: Answer[];
  };
  'text-generation': { input: GenerationInput; output: GenerationOutput };
  'text2text-generation': { input: GenerationInput; output: GenerationOutput };
  'voice-activity-detection': { input: VadInput; output: VadOutput };
  'automatic-speech-recognition': { input: SpeechInput; output: SpeechOutput };
  'text-to-image': { input: ImageInput; output: ImageOutput };
  /** Scores of the model's labels (config.json id2label), highest first. */
  'image-classification': { input: ImageClassificationInput & { topK?: number }; output: LabelScore[] };
  /** Objects with a score of at least the threshold, highest first (DETR: "no object" queries dropped). */
  'object-detection': { input: ObjectDetectionInput; output: DetectedObject[] };
  /** A caption (vision encoder-decoder, greedy, KV cache). */
  'image-to-text': { input: CaptionInput; output: CaptionOutput };
  /** A score per label, highest first. */
  'zero-shot-classification': { input: ZeroShotInput; output: LabelScore[] };
  /** Many-to-many translation (greedy, KV cache): the target language's token forced first. */
  translation: { input: TranslationInput; output: TranslationOutput };
}

export type TaskName = keyof TaskIO;
export type TaskInput<T extends TaskName> = TaskIO[T]['input'];
export type TaskOutput<T extends TaskName> = TaskIO[T]['output'];

/** Tasks whose requests are gathered into one padded batch and run once. */
export const BATCHED_TASKS: ReadonlySet<TaskName> = new Set([
  'text-classification',
  'token-classification',
  'feature-extraction',
  'question-answering',
  // One encoder run for many images (the same input size after preprocessing), one decoding loop for many captions.
  'image-classification',
  'image-to-text',
  // Every premise × hypothesis pair of every request in one padded run.
  'zero-shot-classification',
]);

export type Priority = 'interactive' | 'background' | 'ingestion';
export const PRIORITY_ORDER: readonly Priority[] = ['interactive', 'background', 'ingestion'];
