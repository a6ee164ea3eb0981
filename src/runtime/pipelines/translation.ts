import {
  AutoModelForSeq2SeqLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { TranslationInput, TranslationOutput } from '../tasks.js';
import { sessionOptions } from './encoder.js';
import { eosIds, StopOnAbort, weightsFile } from './generation.js';
import type { Pipeline } from './pipeline.js';

/** What transformers.js' M2M100/NLLB/mBART tokenizers add for translation (tokenizers.js, _build_translation_inputs). */
interface TranslationTokenizer extends PreTrainedTokenizer {
  language_codes: string[];
  _build_translation_inputs(
    text: string,
    options: { padding: boolean; truncation: boolean },
    kwargs: { src_lang?: string; tgt_lang: string; forced_bos_token_id?: number },
  ): Record<string, unknown>;
}

/**
 * Many-to-many translation (M2M100, NLLB) as transformers.js' translation pipeline does it: the tokenizer puts the
 * source language's token before the text and names the target language's token, which generation forces as the
 * first token the decoder writes; then greedy decoding with the KV cache through transformers.js' generation loop.
 * We add an explicit token budget, cancellation, and language codes checked before they reach the tokenizer (which
 * throws a plain Error listing all ~100 codes).
 */
export async function translation(model: ModelHandle, threads: number): Promise<Pipeline> {
  const tokenizer = (await AutoTokenizer.from_pretrained(model.dir, {
    local_files_only: true,
  })) as TranslationTokenizer;
  if (!Array.isArray(tokenizer.language_codes) || typeof tokenizer._build_translation_inputs !== 'function') {
    throw new AppError('config_invalid', `${model.key} has no translation tokenizer (M2M100, NLLB or mBART)`);
  }
  const translator: PreTrainedModel = await AutoModelForSeq2SeqLM.from_pretrained(model.dir, {
    local_files_only: true,
    device: 'cpu',
    session_options: sessionOptions(threads),
    ...weightsFile(model),
  });
  return {
    async run(inputs, ctx) {
      const outputs: TranslationOutput[] = [];
      // One text at a time: the tokenizer's post-processor is rewritten for each source language.
      for (const input of inputs as TranslationInput[])
        outputs.push(await translate(translator, tokenizer, input, ctx.signal));
      return outputs;
    },
    async dispose() {
      await translator.dispose();
    },
  };
}

async function translate(
  translator: PreTrainedModel,
  tokenizer: TranslationTokenizer,
  input: TranslationInput,
  signal: AbortSignal,
): Promise<TranslationOutput> {
  for (const code of [input.from, input.to]) {
    if (!tokenizer.language_codes.includes(code)) {
      throw new AppError('bad_request', `the translation model does not know the language "${code}"`);
    }
  }
  const kwargs: { src_lang: string; tgt_lang: string; forced_bos_token_id?: number } = {
    src_lang: input.from,
    tgt_lang: input.to,
  };
  const encoded = tokenizer._build_translation_inputs(input.text, { padding: true, truncation: true }, kwargs);
  const result = (await translator.generate({
    ...encoded,
    forced_bos_token_id: kwargs.forced_bos_token_id,
    max_new_tokens: input.maxNewTokens,
    stopping_criteria: [new StopOnAbort(signal)],
  })) as { tolist(): bigint[][] };
  // Without the decoder's start token and the forced target-language token.
  const produced = (result.tolist()[0] ?? []).slice(2);
  const eos = new Set(eosIds(translator));
  const stopped = produced.some((id) => eos.has(Number(id)));
  const text = tokenizer.decode(produced, { skip_special_tokens: true });
  const finishReason = signal.aborted ? 'cancelled' : stopped ? 'stop' : 'length';
  return { text, tokens: produced.filter((id) => !eos.has(Number(id))).length, finishReason };
}
