import ort from 'onnxruntime-node';
import { AppError } from '../../errors.js';

interface DecoderConfig {
  d_model?: number;
  decoder_attention_heads?: number;
}

/** The logits of one decoder call, [batch, positions, vocab]. */
export class StepLogits {
  constructor(
    private readonly data: Float32Array,
    private readonly dims: readonly number[],
  ) {}

  /** Each row's logits at the call's last position: views, which the decoding rules may modify. */
  lastRows(): Float32Array[] {
    const [batch = 0, positions = 0, vocab = 0] = this.dims;
    return Array.from({ length: batch }, (_, b) => {
      const at = (b * positions + positions - 1) * vocab;
      return this.data.subarray(at, at + vocab);
    });
  }
}

/**
 * Steps a merged Whisper decoder (decoder_model_merged.onnx) over a batch of windows in lockstep. The first call
 * runs the no-cache branch, which also projects the encoder output into each layer's cross-attention keys and
 * values; those are kept and handed back on every later call, where only the logits and the self-attention cache
 * are fetched: the cross-attention tensors (1500 positions per layer) are never copied out again.
 */
export class WhisperDecoder {
  private readonly pastNames: string[];
  private readonly heads: number;
  private readonly headDim: number;

  constructor(
    private readonly session: ort.InferenceSession,
    config: DecoderConfig,
  ) {
    this.pastNames = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
    if (!session.inputNames.includes('use_cache_branch') || this.pastNames.length === 0) {
      throw new AppError('unavailable', `not a merged Whisper decoder (inputs ${session.inputNames.join(', ')})`);
    }
    const meta = session.inputMetadata.find((m) => m.name === this.pastNames[0]);
    const shape = meta?.isTensor ? meta.shape : [];
    const fixed = (d: unknown) => (typeof d === 'number' && d > 0 ? d : undefined);
    this.heads = fixed(shape[1]) ?? config.decoder_attention_heads ?? 1;
    this.headDim = fixed(shape[3]) ?? Math.round((config.d_model ?? this.heads) / this.heads);
  }

  start(encoderHiddenStates: ort.Tensor, batch: number): DecoderRun {
    const empty = new ort.Tensor('float32', new Float32Array(0), [batch, this.heads, 0, this.headDim]);
    const pasts = new Map(this.pastNames.map((name) => [name, empty]));
    return new DecoderRun(this.session, encoderHiddenStates, batch, pasts);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

export class DecoderRun {
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly encoderHiddenStates: ort.Tensor,
    private readonly batch: number,
    private readonly pasts: Map<string, ort.Tensor>,
  ) {}

  /** Feeds each row its tokens (rows of equal length); `useCache` is false only on the first call. */
  async step(rows: readonly (readonly number[])[], useCache: boolean): Promise<StepLogits> {
    const length = rows[0]?.length ?? 0;
    if (rows.length !== this.batch || rows.some((r) => r.length !== length)) {
      throw new AppError('internal', 'decoder rows must be one per window, all of one length');
    }
    const ids = BigInt64Array.from(rows.flat(), (id) => BigInt(id));
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, [this.batch, length]),
      encoder_hidden_states: this.encoderHiddenStates,
      use_cache_branch: new ort.Tensor('bool', Uint8Array.of(useCache ? 1 : 0), [1]),
    };
    for (const [name, tensor] of this.pasts) feeds[name] = tensor;
    const wanted = ['logits', ...[...this.pasts.keys()].filter((n) => !useCache || n.includes('.decoder.'))];
    const out = await this.session.run(
      feeds,
      wanted.map((n) => n.replace('past_key_values.', 'present.')),
    );
    for (const name of wanted.slice(1)) {
      const present = out[name.replace('past_key_values.', 'present.')];
      if (present) this.pasts.set(name, present);
    }
    const logits = out.logits;
    if (!logits) throw new AppError('unavailable', 'the Whisper decoder returned no logits');
    return new StepLogits(logits.data as Float32Array, logits.dims);
  }
}
