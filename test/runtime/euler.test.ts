import { describe, expect, it } from 'vitest';
import { eulerSchedule, eulerStep, gaussianNoise, inputScale } from '../../src/runtime/pipelines/euler.js';

const SD_TURBO = {
  num_train_timesteps: 1000,
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  timestep_spacing: 'trailing',
};

describe('Euler discrete scheduler', () => {
  it('spaces SD-Turbo timesteps from the end ("trailing"): 999 for one step; 999, 749, 499, 249 for four', () => {
    expect(eulerSchedule(SD_TURBO, 1).timesteps).toEqual([999]);
    expect(eulerSchedule(SD_TURBO, 4).timesteps).toEqual([999, 749, 499, 249]);
  });

  it('has SD’s noise levels: σ(999) ≈ 14.61, decreasing to a final 0; starting noise σ for trailing spacing', () => {
    const { sigmas, initNoiseSigma } = eulerSchedule(SD_TURBO, 4);
    expect(sigmas[0]).toBeCloseTo(14.61, 1);
    expect(sigmas.at(-1)).toBe(0);
    for (let i = 1; i < sigmas.length; i++) expect(sigmas[i] ?? 0).toBeLessThan(sigmas[i - 1] ?? 0);
    expect(initNoiseSigma).toBe(sigmas[0]);
    expect(eulerSchedule({ ...SD_TURBO, timestep_spacing: 'leading' }, 4).initNoiseSigma).toBeCloseTo(
      Math.sqrt((eulerSchedule({ ...SD_TURBO, timestep_spacing: 'leading' }, 4).sigmas[0] ?? 0) ** 2 + 1),
      5,
    );
  });

  it('steps to the clean latent in one go when the noise is predicted exactly', () => {
    const clean = Float32Array.of(0.5, -0.25);
    const noise = Float32Array.of(1, -2);
    const sigma = 3;
    const noisy = clean.map((v, i) => v + sigma * (noise[i] ?? 0));
    eulerStep(noisy, noise, sigma, 0);
    expect([...noisy]).toEqual([...clean]);
    expect(inputScale(0)).toBe(1);
  });

  it('draws the same standard normal noise for a seed, different noise for another', () => {
    const a = gaussianNoise(20_000, 42);
    expect(gaussianNoise(20_000, 42)).toEqual(a);
    expect(gaussianNoise(20_000, 43)).not.toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});
