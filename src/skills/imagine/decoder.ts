import { AppError } from '../../errors.js';
import type { ModelSpec } from '../../runtime/models.js';

/** Which decoder draws the pixels: a separate latent decoder (TAESD), or the image model's own VAE. */
export type DecoderChoice = 'taesd' | 'vae';

/**
 * The separate decoder an image model uses, if any: the operator's choice (IMAGINE_DECODER), else TAESD for turbo
 * models — after one UNet step the full VAE decoder is about half of an image's time on a CPU — and the model's own
 * VAE for the others, which spend their time in 25 steps and would trade quality for little speed.
 */
export function chooseDecoder(
  choice: DecoderChoice | undefined,
  turbo: boolean,
  taesd: ModelSpec | undefined,
): ModelSpec | undefined {
  if ((choice ?? (turbo ? 'taesd' : 'vae')) === 'vae') return undefined;
  if (!taesd) throw new AppError('config_invalid', 'IMAGINE_DECODER=taesd, but no TAESD model is configured');
  return taesd;
}
