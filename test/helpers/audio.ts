/** A 16-bit PCM WAV file; `sample(i, c)` in [-1, 1] gives frame i of channel c. */
export function wav(sampleRate: number, channels: number, frames: number, sample: (i: number, c: number) => number) {
  const data = frames * channels * 2;
  const out = Buffer.alloc(44 + data);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + data, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * channels * 2, 28);
  out.writeUInt16LE(channels * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(data, 40);
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channels; c++) {
      const v = Math.max(-1, Math.min(1, sample(i, c)));
      out.writeInt16LE(Math.round(v * 32_767), 44 + (i * channels + c) * 2);
    }
  return new Uint8Array(out);
}

/** 16 kHz mono samples as a WAV file. */
export function wavOf(samples: Float32Array): Uint8Array {
  return wav(16_000, 1, samples.length, (i) => samples[i] ?? 0);
}

/** `clip` again and again with `pauseSec` of silence between, for `seconds` in all (long-audio tests). */
export function repeatWithPauses(clip: Float32Array, seconds: number, pauseSec: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * 16_000));
  const step = clip.length + Math.round(pauseSec * 16_000);
  for (let at = 0; at + clip.length <= out.length; at += step) out.set(clip, at);
  return out;
}
