import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { detectLanguage, UNDETERMINED } from '../language.js';
import { refusals } from '../refusal.js';
import { pieces, prose, windows } from './protect.js';

/** A few sentences: well inside M2M100's 1024 positions, and short enough that a slip spoils little. */
export const WINDOW_CHARS = 400;

export interface Translation {
  text: string;
  from: string;
  to: string;
  model: { repo: string; revision: string };
}

interface TranslateOptions {
  from?: string | undefined;
  to: string;
  signal?: AbortSignal;
  priority?: 'interactive' | 'background';
}

/**
 * Translates a chat text: markup, mentions, emoji, code and links are never shown to the model and come back byte
 * for byte; the words between them go to the model in sentence windows. The source language is told by tinyld
 * when not given; a text too short or too mixed to tell is refused with a reason (say `from`).
 */
export async function translateText(
  runtime: Runtime,
  spec: ModelSpec,
  text: string,
  options: TranslateOptions,
): Promise<Translation> {
  const model = { ...spec, task: 'translation' as const };
  const from = options.from ?? detectLanguage(prose(text));
  if (from === UNDETERMINED) {
    throw refusals('translate')('bad_request', 'undetermined');
  }
  const ref = () => ({ repo: spec.repo, revision: runtime.revisionOf(spec) });
  if (from === options.to) return { text, from, to: options.to, model: ref() };
  const run = { signal: options.signal, priority: options.priority ?? 'interactive' };
  const parts: string[] = [];
  for (const piece of pieces(text)) {
    if (piece.keep) {
      parts.push(piece.text);
      continue;
    }
    for (const w of windows(piece.text, WINDOW_CHARS)) {
      // Room for the translation to be longer than its source, and for the forced language token.
      const maxNewTokens = Math.min(1000, w.text.length + 16);
      const out = await runtime.run(model, { text: w.text, from, to: options.to, maxNewTokens }, run);
      parts.push(w.before, out.text, w.after);
    }
  }
  return { text: parts.join(''), from, to: options.to, model: ref() };
}
