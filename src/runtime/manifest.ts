import type { ModelSpec } from './models.js';

/**
 * The default models, one entry per role. Skills pick theirs from here by id; operators can replace any of
 * them in configuration. Every entry's licence and limitations are shown to users by the `models` skill.
 * (Whisper, VAD and image models are added by their own issues.)
 */
const ENCODER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

export const DEFAULT_MODELS = {
  sentiment: {
    id: 'sentiment',
    repo: 'Xenova/bert-base-multilingual-uncased-sentiment',
    revision: 'main',
    task: 'text-classification',
    files: ENCODER_FILES,
    license: 'MIT',
    cardUrl: 'https://huggingface.co/nlptown/bert-base-multilingual-uncased-sentiment',
    intendedUse:
      'Sentiment of product-review-like text in English, Dutch, German, French, Spanish and Italian (1–5 stars).',
    limitations: 'Trained on product reviews, not chat: sarcasm, slang and other languages are scored less reliably.',
  },
  toxicity: {
    id: 'toxicity',
    repo: 'Xenova/toxic-bert',
    revision: 'main',
    task: 'text-classification',
    files: ENCODER_FILES,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/unitary/toxic-bert',
    intendedUse:
      'Multi-label toxicity scores (toxic, severe toxic, obscene, threat, insult, identity hate) for English.',
    limitations: 'English only; known to over-score identity terms; a signal for human moderators, not a verdict.',
  },
  ner: {
    id: 'ner',
    repo: 'Xenova/bert-base-NER',
    revision: 'main',
    task: 'token-classification',
    files: ENCODER_FILES,
    license: 'MIT',
    cardUrl: 'https://huggingface.co/dslim/bert-base-NER',
    intendedUse: 'Persons, locations, organisations and miscellaneous names in English text.',
    limitations: 'Trained on 1990s Reuters news (CoNLL-2003): misses many modern, non-English and lower-case names.',
  },
  embeddings: {
    id: 'embeddings',
    repo: 'Xenova/all-MiniLM-L6-v2',
    revision: 'main',
    task: 'feature-extraction',
    files: ENCODER_FILES,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2',
    intendedUse: 'Sentence embeddings (384 dimensions) for semantic search over English text.',
    limitations: 'English; input beyond 256 word pieces is truncated, so long passages must be chunked.',
  },
  qa: {
    id: 'qa',
    repo: 'Xenova/distilbert-base-cased-distilled-squad',
    revision: 'main',
    task: 'question-answering',
    files: ENCODER_FILES,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/distilbert/distilbert-base-cased-distilled-squad',
    intendedUse: 'Extractive answers (a span of the given text) to English questions.',
    limitations: 'Only finds spans that are in the context; cannot say "no answer" reliably; English only.',
  },
  generator: {
    id: 'generator',
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    revision: 'main',
    task: 'text-generation',
    files: ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_q4.onnx'],
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct',
    intendedUse: 'Short answers and summaries grounded in retrieved passages, in many languages.',
    limitations: 'A 0.5B model: it can state wrong facts fluently; always show its sources.',
  },
  summarizer: {
    id: 'summarizer',
    repo: 'Xenova/flan-t5-base',
    revision: 'main',
    task: 'text2text-generation',
    files: [
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model.onnx',
      'onnx/decoder_model_merged.onnx',
    ],
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/google/flan-t5-base',
    intendedUse: 'Instruction-following text-to-text generation (summaries, rephrasing) in English.',
    limitations: 'Short outputs; weaker on long inputs (512 tokens) and on facts not present in the input.',
  },
} as const satisfies Record<string, ModelSpec>;

export type DefaultModelId = keyof typeof DEFAULT_MODELS;

export function allDefaultModels(): ModelSpec[] {
  return Object.values(DEFAULT_MODELS);
}

export const MODEL_IDS = Object.keys(DEFAULT_MODELS) as DefaultModelId[];

export type ModelOverrides = Partial<Record<DefaultModelId, { repo: string; revision: string }>>;

/**
 * The manifest with the operator's replacements (MODEL_<ID>=owner/name@<40-hex commit>). A replacement keeps the
 * role's task and file layout; its licence and limitations are the operator's to check, and users are told so.
 */
export function configuredModels(overrides: ModelOverrides = {}): Record<DefaultModelId, ModelSpec> {
  const result = { ...DEFAULT_MODELS } as Record<DefaultModelId, ModelSpec>;
  for (const [id, override] of Object.entries(overrides) as [DefaultModelId, { repo: string; revision: string }][]) {
    result[id] = {
      ...DEFAULT_MODELS[id],
      repo: override.repo,
      revision: override.revision,
      license: "not reviewed (chosen by this server's operator): see the model card",
      cardUrl: `https://huggingface.co/${override.repo}`,
      intendedUse: `Chosen by this server's operator for ${id}: see the model card.`,
      limitations: 'Not reviewed by this project: see the model card.',
    };
  }
  return result;
}
