import path from 'node:path';
import {
  AutoModelForCausalLM,
  AutoModelForSeq2SeqLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  StoppingCriteria,
  TextStreamer,
} from '@huggingface/transformers';
import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { GenerationInput, GenerationOutput } from '../tasks.js';
import { sessionOptions } from './encoder.js';
import type { Pipeline } from './pipeline.js';

/** Stops generation between tokens when the caller cancelled (a user pressed stop, a request went away). */
export class StopOnAbort extends StoppingCriteria {
  constructor(private readonly signal: AbortSignal) {
    super();
  }
  override _call(inputIds: number[][]): boolean[] {
    return inputIds.map(() => this.signal.aborted);
  }
}

/**
 * Text generation for decoder-only (Qwen2) and seq2seq (T5) models through transformers.js: its generation loop
 * keeps the KV cache between steps; we add streaming back to the caller, cancellation and an explicit token
 * budget (its default max_length of 20 is never used). Greedy unless a temperature is given.
 */
export async function textGeneration(model: ModelHandle, threads: number): Promise<Pipeline> {
  const tokenizer = await AutoTokenizer.from_pretrained(model.dir, { local_files_only: true });
  const options = {
    local_files_only: true,
    device: 'cpu' as const,
    session_options: sessionOptions(threads),
    ...weightsFile(model),
  };
  const generator: PreTrainedModel =
    model.task === 'text2text-generation'
      ? await AutoModelForSeq2SeqLM.from_pretrained(model.dir, options)
      : await AutoModelForCausalLM.from_pretrained(model.dir, options);
  return {
    async run(inputs, ctx) {
      const outputs: GenerationOutput[] = [];
      for (const [index, input] of (inputs as GenerationInput[]).entries()) {
        outputs.push(await generate(generator, tokenizer, model.task, input, ctx.signal, (t) => ctx.emit(index, t)));
      }
      return outputs;
    },
    async dispose() {
      await generator.dispose();
    },
  };
}

async function generate(
  generator: PreTrainedModel,
  tokenizer: PreTrainedTokenizer,
  task: ModelHandle['task'],
  input: GenerationInput,
  signal: AbortSignal,
  emit: (text: string) => void,
): Promise<GenerationOutput> {
  const prompt = promptOf(tokenizer, task, input);
  const encoded = tokenizer(prompt, { add_special_tokens: task === 'text2text-generation' });
  const promptLength = Number(encoded.input_ids.dims.at(-1) ?? 0);
  const streamer = input.stream
    ? new TextStreamer(tokenizer, { skip_prompt: true, skip_special_tokens: true, callback_function: emit })
    : undefined;
  const sampled = (input.temperature ?? 0) > 0;
  const result = (await generator.generate({
    ...encoded,
    max_new_tokens: input.maxNewTokens,
    do_sample: sampled,
    ...(sampled ? { temperature: input.temperature } : {}),
    streamer,
    stopping_criteria: [new StopOnAbort(signal)],
  })) as { tolist(): bigint[][] };
  const row = result.tolist()[0] ?? [];
  const produced = task === 'text2text-generation' ? row.slice(1) : row.slice(promptLength);
  const eos = new Set(eosIds(generator));
  const stopped = produced.some((id) => eos.has(Number(id)));
  const text = tokenizer.decode(produced, { skip_special_tokens: true });
  const finishReason = signal.aborted ? 'cancelled' : stopped ? 'stop' : 'length';
  return { text, tokens: produced.filter((id) => !eos.has(Number(id))).length, finishReason };
}

function promptOf(tokenizer: PreTrainedTokenizer, task: ModelHandle['task'], input: GenerationInput): string {
  if (input.messages && task === 'text-generation' && tokenizer.chat_template) {
    return tokenizer.apply_chat_template(input.messages, { tokenize: false, add_generation_prompt: true }) as string;
  }
  const text = input.prompt ?? input.messages?.map((m) => m.content).join('\n');
  if (!text) throw new AppError('bad_request', 'generation needs a prompt or messages');
  return text;
}

export function eosIds(generator: PreTrainedModel): number[] {
  const eos = (generator.generation_config as { eos_token_id?: number | number[] } | null)?.eos_token_id;
  return eos === undefined ? [] : Array.isArray(eos) ? eos : [eos];
}

/** transformers.js picks weight files by dtype: onnx/model_q4.onnx is "q4", model_quantized "q8", model.onnx "fp32". */
export function weightsFile(model: ModelHandle): { dtype: 'q4' | 'q8' | 'fp16' | 'fp32' } {
  const onnx = model.files.find((f) => f.endsWith('.onnx')) ?? '';
  const suffix = /_(q4|quantized|fp16)\.onnx$/.exec(path.basename(onnx))?.[1];
  return { dtype: suffix === 'quantized' ? 'q8' : suffix === 'q4' || suffix === 'fp16' ? suffix : 'fp32' };
}
