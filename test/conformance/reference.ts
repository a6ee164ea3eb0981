import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env, type PipelineType, pipeline } from '@huggingface/transformers';
import type { Pipeline, PipelineContext } from '../../src/runtime/pipelines/pipeline.js';

// The reference loads the same local files; it must never reach for the Hub.
env.allowRemoteModels = false;
env.allowLocalModels = true;

/** transformers.js' pipeline for `task` on a local model folder, in fp32 like ours. */
export async function reference(task: PipelineType, dir: string) {
  return pipeline(task, dir, { local_files_only: true, dtype: 'fp32' });
}

/** Our pipeline's run for a batch, outside the pool (the worker calls it the same way). */
export function runOurs<O>(ours: Pipeline, inputs: unknown[]): Promise<O[]> {
  const ctx: PipelineContext = { signal: new AbortController().signal, emit: () => undefined };
  return ours.run(inputs, ctx) as Promise<O[]>;
}

/** A scratch folder for generated models, removed with `dispose`. */
export function scratch(prefix: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `omb-conformance-${prefix}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Texts that exercise the encoders: plain chat, names, accents, emoji, mentions, markup, unknown words. */
export const ENCODER_TEXTS = [
  'I love this great server, the best patch ever!',
  'this update is terrible and broken, i hate it',
  'ok',
  'Me and my friends Elaine and Karla live on Mêlée Island where we often frequent the Scumm Bar.',
  'Ça marche très bien 👍🏽 <@123456789012345678> <:pirate:987654321>',
  '  you   idiot,\tthe SHIP sails tonight…  ',
  'Legends say the treasure is buried near the Island; ask the captain!!!',
  'supercalifragilisticexpialidocious antidisestablishmentarianism',
];
