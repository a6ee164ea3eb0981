import type { ModelSpec, Precision, PrecisionChoice } from './models.js';

/**
 * int8 or fp32 graphs. The Hub's transformers.js exports ship a dynamic-int8 graph (onnx/model_quantized.onnx)
 * beside the fp32 one: weights stored as int8 with scales, activations quantized at run time (DynamicQuantizeLinear
 * → MatMulInteger), which CPUs with int8 dot products (AVX-VNNI, AVX-512 VNNI, ARM dot-product) run several times
 * faster than fp32 MatMul. A spec's `files` names the graphs of one precision; the model store pins and verifies
 * exactly those, and the pipelines open the .onnx files listed.
 */
export interface PrecisionSettings {
  /** RUNTIME_PRECISION: the encoders' precision (int8 where the export has int8 graphs). */
  global: Precision;
  /** Whether RUNTIME_PRECISION was set by the operator (shown as the source in /models). */
  globalSet: boolean;
  /** MODEL_<ID>_PRECISION, by model id. */
  perModel: Readonly<Record<string, Precision | undefined>>;
}

export const DEFAULT_PRECISION: PrecisionSettings = { global: 'int8', globalSet: false, perModel: {} };

/**
 * The spec with the graphs its precision asks for. A model's own MODEL_<ID>_PRECISION decides; otherwise
 * RUNTIME_PRECISION, for models whose int8 applies by default (the encoders; Whisper's int8 is opt-in, since
 * per-tensor int8 in its autoregressive decoder costs more accuracy than in a classifier's single pass).
 */
export function withPrecision<S extends ModelSpec>(spec: S, settings: PrecisionSettings = DEFAULT_PRECISION): S {
  // Models without int8 graphs (the q4 generator, the image and VAD models) run the graphs they list.
  if (!spec.int8Files) return spec;
  const own = settings.perModel[spec.id];
  const choice: PrecisionChoice = own
    ? { value: own, source: `MODEL_${spec.id.toUpperCase()}_PRECISION` }
    : spec.int8ByDefault
      ? { value: settings.global, source: settings.globalSet ? 'RUNTIME_PRECISION' : 'default' }
      : { value: 'fp32', source: 'default' };
  const files = choice.value === 'int8' ? spec.files.map((f) => spec.int8Files?.[f] ?? f) : fp32Files(spec);
  return { ...spec, files, precision: choice };
}

/** Whether the spec's int8 choice came from the model's own setting (then a missing int8 graph is an error). */
export function int8Forced(spec: ModelSpec): boolean {
  return spec.precision?.value === 'int8' && spec.precision.source.startsWith('MODEL_');
}

/** The same model on its fp32 graphs, saying why (an int8 request the export or the disk cannot serve). */
export function fp32Fallback<S extends ModelSpec>(spec: S, reason: string): S {
  return { ...spec, files: fp32Files(spec), precision: { value: 'fp32', source: 'fallback', reason } };
}

/** The int8 graphs of `spec` (empty when it runs fp32). */
export function int8GraphsOf(spec: ModelSpec): string[] {
  const int8 = new Set(Object.values(spec.int8Files ?? {}));
  return spec.files.filter((f) => int8.has(f));
}

/** What /models shows: `int8`, `fp32`, `fp32 (why int8 is not used)`, or nothing for a model without variants. */
export function precisionLabel(spec: ModelSpec): string | undefined {
  const p = spec.precision;
  if (!p) return undefined;
  return p.reason ? `${p.value} (${p.reason})` : p.value;
}

function fp32Files(spec: ModelSpec): string[] {
  const back = new Map(Object.entries(spec.int8Files ?? {}).map(([fp32, int8]) => [int8, fp32]));
  return spec.files.map((f) => back.get(f) ?? f);
}
