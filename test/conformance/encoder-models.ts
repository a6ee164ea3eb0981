import path from 'node:path';
import type { ModelHandle } from '../../src/runtime/protocol.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { TaskName } from '../../src/runtime/tasks.js';
import { type BertHead, bertGraph } from '../fixtures/models/bert.js';
import type { FileContent } from '../fixtures/models/generate.js';
import { writeModel } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { buildVocab, tokenizerFiles, type WordPieceOptions } from '../fixtures/models/wordpiece.js';

/**
 * The encoder models we ship, as random-weight models in the Hub export layout: the real widths, vocabulary sizes,
 * label sets and input/output names, at one or two layers so a conformance run takes seconds. Each repository's
 * shape is read from its config.json on the Hub (see the links).
 */
export interface EncoderSpec {
  repo: string;
  task: TaskName;
  head: BertHead;
  modelType: 'bert' | 'distilbert';
  cased: boolean;
  hidden: number;
  heads: number;
  intermediate: number;
  vocab: number;
  layers: number;
  labels?: readonly string[];
  problemType?: string;
  headScale?: number;
}

/** Words every conformance vocabulary holds whole, beyond single characters (the rest of the vocabulary is filler). */
export const CONFORMANCE_WORDS = [
  ...known.COMMON_WORDS,
  ...known.NEGATIVE_WORDS,
  ...known.POSITIVE_WORDS,
  ...Object.keys(known.TOXIC_WORDS),
  ...Object.values(known.TOPICS).flat(),
  'Me',
  'Elaine',
  'Karla',
  'Island',
  'Scumm',
  'Bar',
  'Legends',
  'treasure',
  '##lée',
  '##ing',
  '##ed',
  '##s',
];

export const ENCODERS = {
  /** huggingface.co/Xenova/bert-base-multilingual-uncased-sentiment (config.json: vocab 105,879, 5 labels). */
  sentiment: {
    repo: 'conformance/bert-base-multilingual-uncased-sentiment',
    task: 'text-classification',
    head: 'sequence',
    modelType: 'bert',
    cased: false,
    hidden: 768,
    heads: 12,
    intermediate: 3072,
    vocab: 105_879,
    layers: 1,
    labels: known.SENTIMENT_LABELS,
    headScale: 0.2,
  },
  /** huggingface.co/Xenova/toxic-bert (bert-base-uncased, 6 labels, multi_label_classification). */
  toxicity: {
    repo: 'conformance/toxic-bert',
    task: 'text-classification',
    head: 'sequence',
    modelType: 'bert',
    cased: false,
    hidden: 768,
    heads: 12,
    intermediate: 3072,
    vocab: 30_522,
    layers: 1,
    labels: known.TOXICITY_LABELS,
    problemType: 'multi_label_classification',
    headScale: 0.2,
  },
  /** huggingface.co/Xenova/bert-base-NER (bert-base-cased, 9 BIO labels). */
  ner: {
    repo: 'conformance/bert-base-NER',
    task: 'token-classification',
    head: 'token',
    modelType: 'bert',
    cased: true,
    hidden: 768,
    heads: 12,
    intermediate: 3072,
    vocab: 28_996,
    layers: 1,
    labels: known.NER_LABELS,
    headScale: 0.1,
  },
  /** huggingface.co/Xenova/distilbert-base-cased-distilled-squad (dim 768, 12 heads, hidden_dim 3072). */
  qa: {
    repo: 'conformance/distilbert-base-cased-distilled-squad',
    task: 'question-answering',
    head: 'qa',
    modelType: 'distilbert',
    cased: true,
    hidden: 768,
    heads: 12,
    intermediate: 3072,
    vocab: 28_996,
    layers: 1,
    headScale: 0.1,
  },
  /** huggingface.co/Xenova/all-MiniLM-L6-v2 (hidden 384, 12 heads, intermediate 1536, bert-base-uncased vocab). */
  embeddings: {
    repo: 'conformance/all-MiniLM-L6-v2',
    task: 'feature-extraction',
    head: 'hidden',
    modelType: 'bert',
    cased: false,
    hidden: 384,
    heads: 12,
    intermediate: 1536,
    vocab: 30_522,
    layers: 2,
  },
} as const satisfies Record<string, EncoderSpec>;

/** The WordPiece vocabulary of a spec: specials, CONFORMANCE_WORDS, characters, then "[unusedN]" up to its size. */
export function conformanceVocab(spec: EncoderSpec): { vocab: string[]; options: WordPieceOptions } {
  const options = { cased: spec.cased, maxLength: 512, words: CONFORMANCE_WORDS };
  const vocab = buildVocab(options);
  for (let i = 0; vocab.length < spec.vocab; i++) vocab.push(`[unused${i}]`);
  return { vocab, options };
}

function configOf(spec: EncoderSpec): object {
  const labels = spec.labels
    ? {
        id2label: Object.fromEntries(spec.labels.map((l, i) => [String(i), l])),
        label2id: Object.fromEntries(spec.labels.map((l, i) => [l, i])),
      }
    : {};
  const sizes =
    spec.modelType === 'distilbert'
      ? { dim: spec.hidden, n_layers: spec.layers, n_heads: spec.heads, hidden_dim: spec.intermediate }
      : {
          hidden_size: spec.hidden,
          num_hidden_layers: spec.layers,
          num_attention_heads: spec.heads,
          intermediate_size: spec.intermediate,
          type_vocab_size: 2,
        };
  return {
    model_type: spec.modelType,
    max_position_embeddings: 512,
    vocab_size: spec.vocab,
    ...sizes,
    ...labels,
    ...(spec.problemType ? { problem_type: spec.problemType } : {}),
  };
}

/** Writes the model of `spec` under `root` (Hub layout, locked); returns the handle our pipelines load. */
export function writeEncoder(root: string, spec: EncoderSpec, seed = 1): ModelHandle {
  const { vocab, options } = conformanceVocab(spec);
  const graph = bertGraph(
    {
      layers: spec.layers,
      hidden: spec.hidden,
      heads: spec.heads,
      intermediate: spec.intermediate,
      vocab: spec.vocab,
      maxPositions: 512,
      labels: spec.labels?.length ?? 2,
    },
    {
      head: spec.head,
      tokenTypes: spec.modelType === 'bert',
      seed,
      embeddingRank: 32,
      ...(spec.headScale ? { headScale: spec.headScale } : {}),
    },
  );
  const tokenizer = tokenizerFiles(vocab, options);
  const files: Record<string, FileContent> = {
    'config.json': configOf(spec),
    ...tokenizer,
    'onnx/model.onnx': () => graph.chunks(),
  };
  if (spec.modelType === 'distilbert') {
    files['tokenizer_config.json'] = {
      ...(tokenizer['tokenizer_config.json'] as object),
      tokenizer_class: 'DistilBertTokenizer',
    };
  }
  writeModel(root, spec.repo, files);
  const dir = modelDir(root, spec.repo);
  return { key: path.basename(spec.repo), dir, task: spec.task, files: Object.keys(files), bytes: 0 };
}
