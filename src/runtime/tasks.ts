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
]);

export type Priority = 'interactive' | 'background' | 'ingestion';
export const PRIORITY_ORDER: readonly Priority[] = ['interactive', 'background', 'ingestion'];
