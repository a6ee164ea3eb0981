import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import ort from 'onnxruntime-node';
import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';

// Workers only ever load verified local folders; transformers.js must never reach for the network.
env.allowRemoteModels = false;
env.allowLocalModels = true;

export interface ModelConfig {
  id2label?: Record<string, string>;
  problem_type?: string;
  max_position_embeddings?: number;
}

interface NormalizerConfig {
  type?: string;
  lowercase?: boolean;
  strip_accents?: boolean | null;
  normalizers?: NormalizerConfig[];
}

/** How the tokenizer changed the text, so token offsets can be mapped back onto the original. */
export interface TextNormalization {
  lowercase: boolean;
  stripAccents: boolean;
  continuationPrefix: string;
  unknownToken: string;
}

/** An encoder-only model (BERT family) with its tokenizer, ready to run batches. */
export interface Encoder {
  session: ort.InferenceSession;
  tokenizer: PreTrainedTokenizer;
  config: ModelConfig;
  normalization: TextNormalization;
  idToToken: string[];
  /** Ids that stand for no text ([CLS], [SEP], [PAD]…; not [UNK]). */
  specialIds: Set<number>;
  maxLength: number;
  padId: number;
}

export function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // ORT's threads spin after each run waiting for more work; on a small machine they take the cores from
    // everything else the server does between runs (a search's vector and full-text halves right after its query
    // is embedded ran ~40% slower at p95 while they spun). Waking them costs batched throughput nothing measurable.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/** The graph a handle names: its one .onnx file, fp32 (onnx/model.onnx) or int8 (onnx/model_quantized.onnx). */
export function encoderGraph(model: ModelHandle): string {
  return model.files.find((f) => f.endsWith('.onnx')) ?? 'onnx/model.onnx';
}

export async function loadEncoder(dir: string, threads: number, file = 'onnx/model.onnx'): Promise<Encoder> {
  const config = readJson<ModelConfig>(path.join(dir, 'config.json'));
  const tokenizerJson = readJson<{ normalizer?: NormalizerConfig; model?: Record<string, unknown> }>(
    path.join(dir, 'tokenizer.json'),
  );
  const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  const session = await ort.InferenceSession.create(path.join(dir, file), sessionOptions(threads));
  const idToToken: string[] = [];
  for (const [token, id] of tokenizer.get_vocab()) idToToken[id] = token;
  const bert = findBertNormalizer(tokenizerJson.normalizer);
  const lowercase = bert?.lowercase ?? false;
  const unknownToken = String(tokenizerJson.model?.unk_token ?? '[UNK]');
  // [UNK] is listed among the special tokens, but it stands for a word of the text: it has a span.
  const specialIds = new Set<number>(tokenizer.all_special_ids ?? []);
  specialIds.delete(tokenizer.convert_tokens_to_ids(unknownToken));
  return {
    session,
    tokenizer,
    config,
    normalization: {
      lowercase,
      stripAccents: bert?.strip_accents ?? lowercase,
      continuationPrefix: String(tokenizerJson.model?.continuing_subword_prefix ?? '##'),
      unknownToken,
    },
    idToToken,
    specialIds,
    maxLength: Math.min(Number(tokenizer.model_max_length) || 512, config.max_position_embeddings ?? 512, 512),
    padId: tokenizer.pad_token_id ?? 0,
  };
}

/** Token ids of one text with the model's special tokens, cut to `maxLength` keeping the closing token. */
export function encodeText(encoder: Encoder, text: string): number[] {
  const ids = encoder.tokenizer.encode(text);
  if (ids.length <= encoder.maxLength) return ids;
  const last = ids[ids.length - 1] ?? encoder.padId;
  return [...ids.slice(0, encoder.maxLength - 1), last];
}

/** Pads rows into the int64 feeds the session asks for (token_type_ids only for models that take them). */
function toFeeds(
  encoder: Encoder,
  rows: readonly number[][],
  typeIds?: readonly number[][],
): Record<string, ort.Tensor> {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const size = rows.length * width;
  const ids = new BigInt64Array(size).fill(BigInt(encoder.padId));
  const mask = new BigInt64Array(size);
  const types = new BigInt64Array(size);
  rows.forEach((row, r) => {
    row.forEach((id, c) => {
      ids[r * width + c] = BigInt(id);
      mask[r * width + c] = 1n;
      types[r * width + c] = BigInt(typeIds?.[r]?.[c] ?? 0);
    });
  });
  const dims = [rows.length, width];
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', ids, dims),
    attention_mask: new ort.Tensor('int64', mask, dims),
  };
  if (encoder.session.inputNames.includes('token_type_ids')) {
    feeds.token_type_ids = new ort.Tensor('int64', types, dims);
  }
  return feeds;
}

/** One input row's share of a run: its slice of each output, and the padded length of its group. */
export interface RowOutput {
  width: number;
  get(output: string): Float32Array;
}

/** Rows whose padded size would exceed their real size by more than this share run in separate groups. */
const MAX_PADDING = 0.2;
const MAX_GROUP = 64;

/**
 * Runs a batch with little padding: rows are sorted by length and cut into groups whose padded size stays within
 * MAX_PADDING of their real tokens, one session run per group. On a CPU a single message already keeps the cores
 * busy; what batching must not do is spend them on padding (chat messages range from 5 to 60 words).
 */
export async function runRows(
  encoder: Encoder,
  rows: readonly number[][],
  outputs: readonly string[],
  typeIds?: readonly number[][],
): Promise<RowOutput[]> {
  const results: RowOutput[] = new Array(rows.length);
  for (const group of lengthGroups(rows.map((r) => r.length))) {
    const feeds = toFeeds(
      encoder,
      group.map((i) => rows[i] ?? []),
      typeIds && group.map((i) => typeIds[i] ?? []),
    );
    const produced = await encoder.session.run(feeds, [...outputs]);
    const width = Number(feeds.input_ids?.dims[1] ?? 0);
    group.forEach((rowIndex, position) => {
      results[rowIndex] = {
        width,
        get(name) {
          const tensor = produced[name];
          if (!tensor) throw new AppError('internal', `the model has no output named ${name}`);
          const data = tensor.data as Float32Array;
          const perRow = data.length / group.length;
          return data.subarray(position * perRow, (position + 1) * perRow);
        },
      };
    });
  }
  return results;
}

export function lengthGroups(lengths: readonly number[]): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0));
  const groups: number[][] = [];
  let current: number[] = [];
  let real = 0;
  for (const index of order) {
    const length = lengths[index] ?? 0;
    const padded = (current.length + 1) * length;
    if (current.length > 0 && (current.length >= MAX_GROUP || padded > (1 + MAX_PADDING) * (real + length))) {
      groups.push(current);
      current = [];
      real = 0;
    }
    current.push(index);
    real += length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export function labelsOf(config: ModelConfig, count: number): string[] {
  return Array.from({ length: count }, (_, i) => config.id2label?.[String(i)] ?? `LABEL_${i}`);
}

export function softmax(values: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(values));
  const exps = Array.from(values, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

function findBertNormalizer(config: NormalizerConfig | undefined): NormalizerConfig | undefined {
  if (!config) return undefined;
  if (config.type === 'BertNormalizer') return config;
  for (const inner of config.normalizers ?? []) {
    const found = findBertNormalizer(inner);
    if (found) return found;
  }
  return config.type === 'Lowercase' ? { lowercase: true, strip_accents: false } : undefined;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (cause) {
    throw new AppError('internal', `cannot read ${path.basename(file)} of the model in ${path.dirname(file)}`, {
      cause,
    });
  }
}
