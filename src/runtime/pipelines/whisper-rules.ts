import { AppError } from '../../errors.js';

/**
 * Whisper's decoding rules as pure functions over token ids and logits: which special ids mean what (from the
 * export's generation_config.json), which token greedy decoding may pick next (the timestamp grammar of OpenAI's
 * decoder), language detection from the first step, and turning tokens into timed segments.
 */
export interface WhisperVocabulary {
  vocabSize: number;
  endOfText: number;
  startOfTranscript: number;
  noTimestamps: number;
  /** `<|0.00|>`; `<|x|>` is timestampBegin + x / secondsPerTimestamp. */
  timestampBegin: number;
  secondsPerTimestamp: number;
  /** "en" → id of `<|en|>`; empty for English-only models. */
  languages: ReadonlyMap<string, number>;
  tasks: { transcribe?: number | undefined; translate?: number | undefined };
  /** Never produced (generation_config's suppress_tokens, and every special id but end-of-text and timestamps). */
  suppressed: readonly number[];
  /** Not produced as the first token (a bare space, end-of-text). */
  suppressedAtBegin: readonly number[];
  /** The first timestamp may not be later than this index (1 s). */
  maxInitialTimestampIndex: number;
  /** Positions the decoder has (prompt + generated). */
  maxPositions: number;
}

interface GenerationConfig {
  decoder_start_token_id?: number;
  eos_token_id?: number;
  no_timestamps_token_id?: number;
  lang_to_id?: Record<string, number>;
  task_to_id?: Record<string, number>;
  suppress_tokens?: number[];
  begin_suppress_tokens?: number[];
  max_initial_timestamp_index?: number;
  is_multilingual?: boolean;
}

export function whisperVocabulary(
  generation: GenerationConfig,
  model: { vocab_size?: number; max_target_positions?: number; max_source_positions?: number },
  chunkSeconds: number,
): WhisperVocabulary {
  const need = (value: number | undefined, what: string): number => {
    if (value === undefined)
      throw new AppError('unavailable', `the Whisper export's generation_config.json has no ${what}`);
    return value;
  };
  const endOfText = need(generation.eos_token_id, 'eos_token_id');
  const startOfTranscript = need(generation.decoder_start_token_id, 'decoder_start_token_id');
  const noTimestamps = need(generation.no_timestamps_token_id, 'no_timestamps_token_id');
  const vocabSize = need(model.vocab_size, 'vocab_size (config.json)');
  const timestampBegin = noTimestamps + 1;
  const languages = new Map(
    generation.is_multilingual === false
      ? []
      : Object.entries(generation.lang_to_id ?? {}).map(([token, id]) => [token.replace(/^<\|(.*)\|>$/, '$1'), id]),
  );
  const specials: number[] = [];
  for (let id = endOfText + 1; id < timestampBegin; id++) specials.push(id);
  return {
    vocabSize,
    endOfText,
    startOfTranscript,
    noTimestamps,
    timestampBegin,
    secondsPerTimestamp: chunkSeconds / (model.max_source_positions ?? 1500),
    languages,
    tasks: { transcribe: generation.task_to_id?.transcribe, translate: generation.task_to_id?.translate },
    suppressed: [...new Set([...(generation.suppress_tokens ?? []), ...specials])],
    suppressedAtBegin: generation.begin_suppress_tokens ?? [endOfText],
    maxInitialTimestampIndex: generation.max_initial_timestamp_index ?? 50,
    maxPositions: model.max_target_positions ?? 448,
  };
}

/** The tokens a window's decoding starts from, after the language is known. */
export function promptTokens(
  vocab: WhisperVocabulary,
  language: string | undefined,
  task: 'transcribe' | 'translate',
): number[] {
  if (vocab.languages.size === 0) {
    if (task === 'translate')
      throw new AppError('bad_request', 'this Whisper model is English-only: it cannot translate');
    return [vocab.startOfTranscript];
  }
  const prompt = [vocab.startOfTranscript];
  if (language === undefined) return prompt;
  const languageId = vocab.languages.get(language);
  if (languageId === undefined) {
    throw new AppError(
      'bad_request',
      `"${language}" is not a language this Whisper model knows (try a code like en, de, ja)`,
    );
  }
  const taskId = vocab.tasks[task];
  if (taskId === undefined) throw new AppError('unavailable', `this Whisper export has no ${task} token`);
  return [...prompt, languageId, taskId];
}

/**
 * The language of a batch of windows from the logits at the start-of-transcript position (one row each):
 * log-probabilities over the language tokens only, summed over the rows, so a batch of one speaker's windows
 * agrees on one language and a short window cannot outvote the rest.
 */
export function detectLanguage(
  vocab: WhisperVocabulary,
  rows: readonly Float32Array[],
): { language: string; probability: number } {
  const codes = [...vocab.languages.keys()];
  const totals = new Float64Array(codes.length);
  const probabilities = rows.map((logits) => {
    const values = codes.map((code) => logits[vocab.languages.get(code) ?? 0] ?? Number.NEGATIVE_INFINITY);
    const max = Math.max(...values);
    const norm = Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0)) + max;
    return values.map((v, i) => {
      totals[i] = (totals[i] ?? 0) + v - norm;
      return Math.exp(v - norm);
    });
  });
  let best = 0;
  for (let i = 1; i < codes.length; i++) if ((totals[i] ?? 0) > (totals[best] ?? 0)) best = i;
  const probability = probabilities.reduce((sum, p) => sum + (p[best] ?? 0), 0) / Math.max(1, rows.length);
  return { language: codes[best] ?? 'en', probability };
}

/**
 * The next token of greedy decoding with timestamps, after OpenAI's rules: suppressed ids never; the first token
 * is a timestamp no later than 1 s; timestamps come in pairs (text between), never go back, and a segment has a
 * length; a timestamp is taken when all timestamps together are likelier than the best text token.
 * `logits` is one row of the vocabulary; it is modified in place.
 */
export function nextToken(
  vocab: WhisperVocabulary,
  logits: Float32Array,
  generated: readonly number[],
  options: { ignoreEndOfText?: boolean | undefined } = {},
): number {
  const NEG = Number.NEGATIVE_INFINITY;
  const tb = vocab.timestampBegin;
  const end = Math.min(logits.length, vocab.vocabSize);
  for (const id of vocab.suppressed) logits[id] = NEG;
  if (generated.length === 0) for (const id of vocab.suppressedAtBegin) logits[id] = NEG;
  if (options.ignoreEndOfText) logits[vocab.endOfText] = NEG;

  const last = generated.at(-1);
  const lastWasTimestamp = last !== undefined && last >= tb;
  const penultimate = generated.at(-2);
  const penultimateWasTimestamp = generated.length < 2 || (penultimate !== undefined && penultimate >= tb);
  if (lastWasTimestamp) {
    if (penultimateWasTimestamp) logits.fill(NEG, tb, end);
    else logits.fill(NEG, 0, vocab.endOfText);
  }
  let lastTimestamp = -1;
  for (const id of generated) if (id >= tb) lastTimestamp = Math.max(lastTimestamp, id);
  if (lastTimestamp >= 0) {
    // Right after a segment closed, the next may open at the same time; otherwise time must move on (no empty segments).
    const floor = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
    logits.fill(NEG, tb, Math.min(end, floor));
  }
  if (generated.length === 0) {
    logits.fill(NEG, 0, tb);
    logits.fill(NEG, Math.min(end, tb + vocab.maxInitialTimestampIndex + 1), end);
  }

  let textMax = NEG;
  let textBest = -1;
  for (let id = 0; id < tb; id++) {
    const v = logits[id] ?? NEG;
    if (v > textMax) {
      textMax = v;
      textBest = id;
    }
  }
  let timestampMax = NEG;
  let timestampBest = -1;
  for (let id = tb; id < end; id++) {
    const v = logits[id] ?? NEG;
    if (v > timestampMax) {
      timestampMax = v;
      timestampBest = id;
    }
  }
  if (timestampBest < 0) return textBest < 0 ? vocab.endOfText : textBest;
  if (textBest < 0) return timestampBest;
  // log Σ exp(timestamp logits) against the best text logit: the same normaliser cancels out.
  let sum = 0;
  for (let id = tb; id < end; id++) sum += Math.exp((logits[id] ?? NEG) - timestampMax);
  const timestampMass = Math.log(sum) + timestampMax;
  return timestampMass > textMax ? timestampBest : textMax >= timestampMax ? textBest : timestampBest;
}

export interface TimedTokens {
  start: number;
  end: number;
  tokens: number[];
}

/**
 * Cuts one window's generated tokens into timed stretches of text tokens: `<|a|> text <|b|>` is [a, b]; text
 * after the last timestamp runs to the window's end. Times are clamped to [0, duration] and never go back.
 */
export function timedStretches(
  vocab: WhisperVocabulary,
  generated: readonly number[],
  duration: number,
): TimedTokens[] {
  const out: TimedTokens[] = [];
  let start: number | undefined;
  let text: number[] = [];
  let floor = 0;
  const clamp = (t: number) => Math.min(duration, Math.max(floor, t));
  for (const id of generated) {
    if (id === vocab.endOfText) break;
    if (id < vocab.timestampBegin) {
      if (id < vocab.endOfText) text.push(id);
      continue;
    }
    const time = (id - vocab.timestampBegin) * vocab.secondsPerTimestamp;
    if (text.length > 0) {
      const from = clamp(start ?? floor);
      const to = clamp(time);
      out.push({ start: from, end: to, tokens: text });
      floor = to;
      text = [];
      start = undefined;
    } else {
      start = time;
    }
  }
  if (text.length > 0) out.push({ start: clamp(start ?? floor), end: duration, tokens: text });
  return out;
}
