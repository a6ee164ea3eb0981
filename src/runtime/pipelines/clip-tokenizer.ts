import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CLIPTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';

/** CLIP's text window: <|startoftext|>, 75 tokens, <|endoftext|>. */
export const CLIP_MAX_LENGTH = 77;
/** The suffix CLIP's BPE puts on a word's last symbol. */
const END_OF_WORD = '</w>';
/**
 * CLIP's word split (the fast tokenizer's Split pre-tokenizer): its special tokens, English contractions, runs
 * of letters, single digits, runs of other non-space characters. Whitespace between matches is dropped.
 */
const CLIP_SPLIT =
  "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

type TokenValue = string | { content?: string } | null | undefined;

/** A special token as tokenizer_config.json / special_tokens_map.json give it: a string or an AddedToken object. */
function tokenContent(value: TokenValue): string | null {
  if (typeof value === 'string') return value;
  return value?.content ?? null;
}

async function readJson<T>(file: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}

/** Merges CLIP uses: 49,152 − 256 byte tokens − 2 specials (the Python CLIPTokenizer's `merges[1:49152-256-2+1]`). */
const CLIP_MERGES = 49_152 - 256 - 2;

/**
 * The merges of a CLIP merges.txt as the Python tokenizer (and the tokenizer.json converted from it) ranks them:
 * the "#version" header and blank lines skipped, the first 48,894 kept (OpenAI's BPE file lists many more; a later
 * one may rebuild a token the vocabulary has from another pair, and keeping it would merge where CLIP does not),
 * and of those only merges whose result is in the vocabulary.
 */
export function parseMerges(text: string, vocab: Record<string, number>): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line && !line.startsWith('#version'))
    .slice(0, CLIP_MERGES)
    .filter((line) => {
      const [a, b] = line.split(' ');
      return a !== undefined && b !== undefined && Object.hasOwn(vocab, a + b);
    });
}

/**
 * The tokenizer.json that Hugging Face's converter makes from CLIP's vocab.json and merges.txt: NFC, whitespace
 * runs → one space, lower case; CLIP's word split, then byte-level characters; BPE with "</w>" on each word's
 * last symbol; <|startoftext|> … <|endoftext|> around the text.
 */
export function clipTokenizerJson(
  vocab: Record<string, number>,
  merges: string[],
  specials: { bos: string; eos: string; unk: string },
): object {
  const idOf = (token: string) => {
    const id = vocab[token];
    if (id === undefined) throw new Error(`the CLIP vocabulary has no ${token}`);
    return id;
  };
  const added = [...new Set([specials.bos, specials.eos, specials.unk])].map((content) => ({
    id: idOf(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: CLIP_SPLIT }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [specials.eos, idOf(specials.eos)],
      cls: [specials.bos, idOf(specials.bos)],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: specials.unk,
      continuing_subword_prefix: '',
      end_of_word_suffix: END_OF_WORD,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}

/**
 * A transformers.js CLIPTokenizer from a Stable Diffusion export's tokenizer folder, which has CLIP's
 * vocab.json + merges.txt (and the token settings) but no tokenizer.json.
 */
export async function loadClipTokenizer(dir: string): Promise<PreTrainedTokenizer> {
  const vocab = await readJson<Record<string, number>>(path.join(dir, 'vocab.json'), {});
  const merges = parseMerges(await readFile(path.join(dir, 'merges.txt'), 'utf8'), vocab);
  const config = await readJson<Record<string, unknown>>(path.join(dir, 'tokenizer_config.json'), {});
  const map = await readJson<Record<string, unknown>>(path.join(dir, 'special_tokens_map.json'), {});
  const token = (key: string, fallback: string) =>
    tokenContent(map[key] as TokenValue) ?? tokenContent(config[key] as TokenValue) ?? fallback;
  const bos = token('bos_token', '<|startoftext|>');
  const eos = token('eos_token', '<|endoftext|>');
  const unk = token('unk_token', eos);
  const pad = token('pad_token', eos);
  if (vocab[pad] === undefined) throw new Error(`the CLIP vocabulary has no padding token ${pad}`);
  const json = clipTokenizerJson(vocab, merges, { bos, eos, unk });
  // Special tokens as plain strings: transformers.js only reads AddedToken objects that carry "__type".
  const settings: Record<string, unknown> = {
    ...config,
    bos_token: bos,
    eos_token: eos,
    unk_token: unk,
    pad_token: pad,
    model_max_length: typeof config.model_max_length === 'number' ? config.model_max_length : CLIP_MAX_LENGTH,
    tokenizer_class: 'CLIPTokenizer',
  };
  delete settings.added_tokens_decoder;
  return new CLIPTokenizer(json, settings);
}

export interface EncodedPrompt {
  /** Exactly `maxLength` ids: <|startoftext|>, the prompt's tokens, <|endoftext|>, then padding. */
  ids: number[];
  /** How many of the prompt's tokens fit (without the start and end tokens). */
  kept: number;
  /** True when the prompt had more tokens than fit; `dropped` is the text that was cut off. */
  truncated: boolean;
  dropped: string;
}

/**
 * A prompt as Stable Diffusion pipelines feed CLIP (padding "max_length", truncation on): the prompt's tokens
 * cut to maxLength − 2, wrapped in <|startoftext|> … <|endoftext|> (the end token is always there), padded with
 * `padId` (the tokenizer's pad token: "!" = 0 for SD 2.x and SD-Turbo, <|endoftext|> for SD 1.x).
 */
export function encodePrompt(
  tokenizer: PreTrainedTokenizer,
  text: string,
  maxLength = CLIP_MAX_LENGTH,
  padId: number = tokenizer.pad_token_id,
): EncodedPrompt {
  const { bos_token_id: bos, eos_token_id: eos } = tokenizer;
  if (maxLength < 2) throw new Error('maxLength must leave room for the start and end tokens');
  const tokens = tokenizer.encode(text, { add_special_tokens: false });
  const room = maxLength - 2;
  const kept = tokens.slice(0, room);
  const rest = tokens.slice(room);
  const ids = [bos, ...kept, eos];
  while (ids.length < maxLength) ids.push(padId);
  const dropped = rest.length ? tokenizer.decode(rest, { skip_special_tokens: true }).trim() : '';
  return { ids, kept: kept.length, truncated: rest.length > 0, dropped };
}
