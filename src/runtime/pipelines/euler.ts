/**
 * The Euler discrete scheduler of Stable Diffusion (diffusers' EulerDiscreteScheduler, epsilon prediction), as
 * pure functions: the noise levels (sigmas) of the chosen timesteps, and one Euler step. Read from the export's
 * scheduler/scheduler_config.json.
 */
export interface SchedulerConfig {
  num_train_timesteps?: number;
  beta_start?: number;
  beta_end?: number;
  beta_schedule?: string;
  timestep_spacing?: string;
  steps_offset?: number;
  prediction_type?: string;
}

export interface Schedule {
  /** Model timesteps, from noisiest to cleanest. */
  timesteps: number[];
  /** Noise level at each timestep, then 0: one longer than timesteps. */
  sigmas: number[];
  /** The starting noise is standard normal times this. */
  initNoiseSigma: number;
}

export function eulerSchedule(config: SchedulerConfig, steps: number): Schedule {
  const n = config.num_train_timesteps ?? 1000;
  const start = config.beta_start ?? 0.00085;
  const end = config.beta_end ?? 0.012;
  const betas = Array.from({ length: n }, (_, i) => {
    const f = n === 1 ? 0 : i / (n - 1);
    if (config.beta_schedule === 'linear') return start + f * (end - start);
    const root = Math.sqrt(start) + f * (Math.sqrt(end) - Math.sqrt(start)); // scaled_linear, SD's default
    return root * root;
  });
  let product = 1;
  const trainSigmas = betas.map((beta) => {
    product *= 1 - beta;
    return Math.sqrt((1 - product) / product);
  });
  const timesteps = spacedTimesteps(config, n, steps);
  const sigmas = timesteps.map((t) => interpolate(trainSigmas, t));
  const max = Math.max(...sigmas);
  const spacing = config.timestep_spacing ?? 'linspace';
  return {
    timesteps,
    sigmas: [...sigmas, 0],
    initNoiseSigma: spacing === 'linspace' || spacing === 'trailing' ? max : Math.sqrt(max * max + 1),
  };
}

function spacedTimesteps(config: SchedulerConfig, n: number, steps: number): number[] {
  const spacing = config.timestep_spacing ?? 'linspace';
  if (spacing === 'trailing') {
    // SD-Turbo: 1 step is t = 999; 4 steps are 999, 749, 499, 249.
    return Array.from({ length: steps }, (_, i) => Math.round(n - (i * n) / steps) - 1);
  }
  if (spacing === 'leading') {
    const ratio = Math.floor(n / steps);
    return Array.from({ length: steps }, (_, i) => (steps - 1 - i) * ratio + (config.steps_offset ?? 0));
  }
  return Array.from({ length: steps }, (_, i) => (steps === 1 ? n - 1 : ((n - 1) * (steps - 1 - i)) / (steps - 1)));
}

/** Linear interpolation of a table at a fractional index. */
function interpolate(table: readonly number[], at: number): number {
  const i = Math.max(0, Math.min(table.length - 1, Math.floor(at)));
  const j = Math.min(table.length - 1, i + 1);
  const f = at - i;
  return (table[i] ?? 0) * (1 - f) + (table[j] ?? 0) * f;
}

/** The UNet reads latents scaled to unit variance at this noise level. */
export function inputScale(sigma: number): number {
  return 1 / Math.sqrt(sigma * sigma + 1);
}

/** One Euler step from sigma to next, in place: for epsilon prediction the derivative is the predicted noise. */
export function eulerStep(latents: Float32Array, noise: Float32Array, sigma: number, next: number): void {
  const dt = next - sigma;
  for (let i = 0; i < latents.length; i++) latents[i] = (latents[i] ?? 0) + (noise[i] ?? 0) * dt;
}

/**
 * Repeatable standard normal numbers from a seed (a 32-bit PCG-style generator and Box–Muller): the same seed
 * gives the same starting noise, hence the same image, on every machine.
 */
export function gaussianNoise(count: number, seed: number): Float32Array {
  let state = BigInt.asUintN(64, BigInt(Math.trunc(seed)) * 6364136223846793005n + 1442695040888963407n);
  const uniform = () => {
    state = BigInt.asUintN(64, state * 6364136223846793005n + 1442695040888963407n);
    return (Number(state >> 40n) + 0.5) / 2 ** 24;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const theta = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(theta);
    if (i + 1 < count) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}
