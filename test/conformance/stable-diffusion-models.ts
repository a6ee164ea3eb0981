import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { loadClipTokenizer } from '../../src/runtime/pipelines/clip-tokenizer.js';
import type { FileContent } from '../fixtures/models/generate.js';
import { Graph } from '../fixtures/models/onnx.js';
import { clipTokenizerFiles, clipVocab, SD_TURBO_SCHEDULER } from '../fixtures/models/stable-diffusion.js';

/** Words whose token moves the guidance fixture's UNet output, and by how much (per token in the 77). */
export const GUIDANCE_WEIGHTS = { 'cat</w>': 20, 'dog</w>': -10 } as const;
/** The VAE fixture: pixel value (in [-1, 1]) = latent channel c × this, for c = 0, 1, 2. */
export const GUIDANCE_PIXEL_SCALE = 0.01;

/**
 * Stable Diffusion graphs whose outputs are known, to check how the pipeline combines them. Text encoder:
 * last_hidden_state[b, s, :] = weight of token s (GUIDANCE_WEIGHTS, else 0). UNet: out_sample[b] = the mean of
 * row b's text states, everywhere (so the noise it predicts says which prompt it was given, and nothing else).
 * VAE: sample = latent_sample's first three channels × 0.18215 × GUIDANCE_PIXEL_SCALE, each latent cell an 8×8
 * block (the pipeline divides by 0.18215 first).
 */
export function guidanceFixture(): Record<string, FileContent> {
  const vocab = clipVocab();
  const size = vocab.tokens.length + 2;
  const hidden = 4;

  const text = new Graph();
  const ids = text.input('input_ids', 'int32', ['batch', 'sequence']);
  const table = new Float32Array(size * hidden);
  for (const [token, weight] of Object.entries(GUIDANCE_WEIGHTS))
    table.fill(weight, vocab.id(token) * hidden, (vocab.id(token) + 1) * hidden);
  text.op('Gather', [text.floats([size, hidden], table), ids], { axis: 0 }, 'last_hidden_state');
  text.output('last_hidden_state', 'float32', ['batch', 'sequence', hidden]);

  const unet = new Graph();
  const sample = unet.input('sample', 'float32', ['batch', 'channels', 'height', 'width']);
  unet.input('timestep', 'float32', ['batch']);
  const states = unet.input('encoder_hidden_states', 'float32', ['batch', 'sequence', hidden]);
  const mean = unet.op('ReduceMean', [states], { axes: [1, 2], keepdims: 0 });
  const zeros = unet.op('Mul', [sample, unet.scalar(0)]);
  unet.op('Add', [zeros, unet.op('Reshape', [mean, unet.ints([-1, 1, 1, 1])])], {}, 'out_sample');
  unet.output('out_sample', 'float32', ['batch', 'channels', 'height', 'width']);

  const vae = new Graph();
  const latent = vae.input('latent_sample', 'float32', ['batch', 'channels', 'height', 'width']);
  const rgb = vae.op('Slice', [latent, vae.ints([0]), vae.ints([3]), vae.ints([1])]);
  const up = vae.op('Resize', [rgb, '', vae.floats([4], Float32Array.of(1, 1, 8, 8))], { mode: 'nearest' });
  vae.op('Mul', [up, vae.scalar(0.18215 * GUIDANCE_PIXEL_SCALE)], {}, 'sample');
  vae.output('sample', 'float32', ['batch', 3, 'image_height', 'image_width']);

  return {
    'scheduler/scheduler_config.json': SD_TURBO_SCHEDULER,
    ...clipTokenizerFiles(vocab),
    'text_encoder/model.onnx': text.encode(),
    'unet/model.onnx': unet.encode(),
    'vae_decoder/model.onnx': vae.encode(),
  };
}

/**
 * The tokenizer.json Hugging Face's converter (convert_slow_tokenizer.CLIPConverter) makes from CLIP's vocab.json
 * and merges.txt, loaded by transformers.js as CLIPTokenizer: NFC, whitespace runs → " ", lower case; CLIP's split
 * (contractions, letter runs, single digits, other runs), byte-level; BPE with "</w>"; <|startoftext|> … <|endoftext|>.
 * The merges are the Python slow tokenizer's: merges.txt lines 1 … 48,894 after the header.
 */
export function referenceClipFolder(dir: string, vocab: Record<string, number>, mergesText: string): void {
  const merges = mergesText.split('\n').slice(1, 49_152 - 256 - 2 + 1);
  const special = (content: string) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: true,
    special: true,
  });
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special('<|startoftext|>'), special('<|endoftext|>')],
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
        {
          type: 'Split',
          pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: ['<|endoftext|>', vocab['<|endoftext|>']],
      cls: ['<|startoftext|>', vocab['<|startoftext|>']],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<|endoftext|>',
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(json));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'CLIPTokenizer',
      bos_token: '<|startoftext|>',
      eos_token: '<|endoftext|>',
      unk_token: '<|endoftext|>',
      pad_token: '!',
      model_max_length: 77,
      do_lower_case: true,
    }),
  );
}

/**
 * CLIP's full-size vocabulary and merges twice: as a Stable Diffusion export's tokenizer folder (what ours loads),
 * with merges past CLIP's 48,894 appended as OpenAI's file has them, and as the converted tokenizer.json the
 * reference loads.
 */
export function writeClipFolders(root: string): { ours: string; reference: string } {
  const files = clipTokenizerFiles(clipVocab(true));
  const vocab = files['tokenizer/vocab.json'] as Record<string, number>;
  const merges = `${(files['tokenizer/merges.txt'] as Buffer).toString('utf8')}e r\nq u\nth e\n`;
  const ours = path.join(root, 'ours');
  mkdirSync(ours, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const body = name.endsWith('merges.txt')
      ? merges
      : content instanceof Uint8Array
        ? content
        : JSON.stringify(content);
    writeFileSync(path.join(ours, path.basename(name)), body);
  }
  if (!readFileSync(path.join(ours, 'merges.txt'), 'utf8').endsWith('th e\n')) throw new Error('merges not written');
  const reference = path.join(root, 'reference');
  referenceClipFolder(reference, vocab, merges);
  return { ours, reference };
}

/** Our CLIP tokenizer and transformers.js' CLIPTokenizer, each loaded from its own folder of the same vocab and merges. */
export async function clipTokenizerPair(
  root: string,
): Promise<{ ours: PreTrainedTokenizer; peer: PreTrainedTokenizer }> {
  const dirs = writeClipFolders(root);
  return {
    ours: await loadClipTokenizer(dirs.ours),
    peer: await AutoTokenizer.from_pretrained(dirs.reference, { local_files_only: true }),
  };
}
