import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.js';
import type { ModelSpec } from '../models.js';
import { fp32Fallback, int8Forced, int8GraphsOf } from '../precision.js';

/** The Hub has no int8 graph for this commit (404): the export was made without one. */
export class MissingInt8Graph extends AppError {
  constructor(
    readonly file: string,
    options: { cause?: unknown } = {},
  ) {
    super('not_found', `the export has no ${file}`, options);
  }
}

/**
 * When an int8 request runs fp32 instead. int8 by default (RUNTIME_PRECISION, or not set at all) falls back, with
 * the reason logged and shown in /models, when the export has no int8 graph (the Hub answers 404) or, offline,
 * when only the fp32 graphs were ever pulled (an install from before int8 keeps working). An operator who set
 * MODEL_<ID>_PRECISION=int8 gets a clear error instead: they asked for exactly that file.
 */
export class Int8Fallbacks {
  /** By repo@commit: the reason, once an int8 graph was found missing (on the Hub: not asked again). */
  private readonly missing = new Map<string, string>();

  /** The spec to resolve instead of `spec` without trying int8 again, if an earlier try found it missing. */
  known(spec: ModelSpec, commit: string): ModelSpec | undefined {
    const reason = spec.precision?.value === 'int8' ? this.missing.get(`${spec.repo}@${commit}`) : undefined;
    return reason ? fp32Fallback(spec, reason) : undefined;
  }

  /** Offline, the fp32 spec when the int8 graphs are not on disk but the fp32 ones are (`remember`: for good). */
  offline(spec: ModelSpec, dir: string, commit: string, remember = true): ModelSpec | undefined {
    if (spec.precision?.value !== 'int8' || int8Forced(spec)) return undefined;
    const absent = int8GraphsOf(spec).filter((f) => !existsSync(path.join(dir, f)));
    if (absent.length === 0) return undefined;
    const fp32 = fp32Fallback(spec, `MODELS_OFFLINE=1 and ${absent.join(', ')} not pulled`);
    if (!fp32.files.every((f) => existsSync(path.join(dir, f)))) return undefined;
    if (remember) this.missing.set(`${spec.repo}@${commit}`, fp32.precision?.reason ?? '');
    return fp32;
  }

  /** After a failed pull: the fp32 spec if the failure was a missing int8 graph and falling back is allowed. */
  afterPull(spec: ModelSpec, commit: string, error: unknown): ModelSpec | undefined {
    if (!(error instanceof MissingInt8Graph)) return undefined;
    if (int8Forced(spec)) {
      const variable = spec.precision?.source ?? 'MODEL_<ID>_PRECISION';
      throw new AppError(
        'unavailable',
        `the ${spec.id} model (${spec.repo}@${commit}) has no int8 graph (${error.file} is not in its export), ` +
          `but ${variable}=int8 asks for one: set ${variable}=fp32, or pick a commit whose onnx/ folder has it.`,
        { cause: error },
      );
    }
    const reason = `the export has no ${error.file}`;
    this.missing.set(`${spec.repo}@${commit}`, reason);
    return fp32Fallback(spec, reason);
  }
}
