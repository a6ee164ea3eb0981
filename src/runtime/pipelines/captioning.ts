import {
  AutoImageProcessor,
  AutoModelForVision2Seq,
  AutoTokenizer,
  type PreTrainedModel,
  StoppingCriteria,
  type Tensor,
} from '@huggingface/transformers';
import type { ModelHandle } from '../protocol.js';
import type { CaptionInput, CaptionOutput } from '../tasks.js';
import { sessionOptions } from './encoder.js';
import { eosIds, StopOnAbort, weightsFile } from './generation.js';
import { fixedResize, inInputOrder, type PreprocessorConfig, prepareImages, readJson } from './image-input.js';
import type { Pipeline } from './pipeline.js';

/** Caption length when the caller gives none (the Hub's ViT-GPT2 captions are about ten tokens). */
export const DEFAULT_CAPTION_TOKENS = 30;

/**
 * transformers.js stops a batch when every row's *last* token is end-of-text; a row that ended and then went on
 * (greedy decoding of the pad it is fed) would keep the batch running to the token budget. A row is done once it
 * has produced end-of-text anywhere after its start token.
 */
class EndedOnce extends StoppingCriteria {
  constructor(private readonly eos: ReadonlySet<number>) {
    super();
  }
  override _call(inputIds: number[][]): boolean[] {
    return inputIds.map((ids) => ids.slice(1).some((id) => this.eos.has(Number(id))));
  }
}

/**
 * Image captioning with a vision encoder-decoder export (nlpconnect/vit-gpt2-image-captioning as
 * Xenova/vit-gpt2-image-captioning: onnx/encoder_model.onnx `pixel_values` → `last_hidden_state`, whose states
 * feed onnx/decoder_model_merged.onnx's cross-attention, with the KV cache of past tokens fed back each step).
 * The decoding loop is transformers.js' (as for text generation, generation.ts), run once for the whole batch:
 * one encoder call and one decoder call per step for all images, greedy, each caption cut at its end-of-text and
 * at its own token budget, stopped between tokens when the caller cancels.
 */
export async function imageCaptioning(model: ModelHandle, threads: number): Promise<Pipeline> {
  const options = { local_files_only: true, device: 'cpu' as const, session_options: sessionOptions(threads) };
  const tokenizer = await AutoTokenizer.from_pretrained(model.dir, { local_files_only: true });
  const processor = await AutoImageProcessor.from_pretrained(model.dir, { local_files_only: true });
  const captioner: PreTrainedModel = await AutoModelForVision2Seq.from_pretrained(model.dir, {
    ...options,
    ...weightsFile(model),
  });
  const resize = fixedResize(readJson<PreprocessorConfig>(model.dir, 'preprocessor_config.json'));
  const eos = new Set(eosIds(captioner));

  return {
    async run(inputs, ctx) {
      const requests = inputs as CaptionInput[];
      const batch = await prepareImages(requests, resize);
      if (batch.images.length === 0) return inInputOrder(batch, requests.length, []);
      const budgets = batch.positions.map((p) =>
        Math.max(1, Math.floor(requests[p]?.maxNewTokens ?? DEFAULT_CAPTION_TOKENS)),
      );
      const { pixel_values } = (await processor(batch.images)) as { pixel_values: Tensor };
      const generated = (await captioner.generate({
        inputs: pixel_values,
        max_new_tokens: Math.max(...budgets),
        do_sample: false,
        stopping_criteria: [new EndedOnce(eos), new StopOnAbort(ctx.signal)],
      })) as { tolist(): bigint[][] };
      const results = generated.tolist().map((row, i): CaptionOutput => {
        const produced = row.slice(1, 1 + (budgets[i] ?? DEFAULT_CAPTION_TOKENS)).map(Number);
        const end = produced.findIndex((id) => eos.has(id));
        const ids = end < 0 ? produced : produced.slice(0, end);
        const text = tokenizer.decode(ids, { skip_special_tokens: true }).trim();
        const finishReason = end >= 0 ? 'stop' : ctx.signal.aborted ? 'cancelled' : 'length';
        return { text, ids, finishReason };
      });
      return inInputOrder(batch, requests.length, results);
    },
    async dispose() {
      await captioner.dispose();
    },
  };
}
