import { createRequire } from 'node:module';

/**
 * tinyld builds its n-gram tables when loaded: the largest single import of a start (~0.3 s), for a detector the
 * first moderated or translated message needs. So it is required (its CommonJS build: synchronously, detectLanguage
 * stays synchronous) on first use, or earlier by loadLanguageDetector once the server is ready.
 */
const require = createRequire(import.meta.url);
let detector: typeof import('tinyld') | undefined;

/** Loads the detector now (the server calls it after it is ready, so no message waits for it). */
export function loadLanguageDetector(): typeof import('tinyld') {
  detector ??= require('tinyld') as typeof import('tinyld');
  return detector;
}

/** ISO 639's code for "undetermined": text too short or too mixed to tell. */
export const UNDETERMINED = 'und';

/**
 * The languages the detector chooses among: those people chat in most across Discord and Slack communities. Left to
 * all its ~60 languages, tinyld reads short English as Volapük or Romanian ("lol" → vo, "I am a Muslim person" → ro);
 * fewer candidates leave fewer such accidents.
 */
const CANDIDATES = 'en de fr es it pt nl pl tr ru uk sv da fi cs ro hu el ja zh ko ar he hi id vi th fa'.split(' ');

/** Below these, tinyld's answer is a guess: one word ("hello" → it) or a near tie ("My friend is Jewish": en ≈ nl). */
const MIN_WORDS = 2;
const MIN_LETTERS = 6;
const MIN_ACCURACY = 0.1;
/** The best language must beat the runner-up by this factor. */
const MIN_LEAD = 1.5;

/**
 * The language of a chat message (ISO 639-1), or UNDETERMINED when tinyld's answer is too weak to act on: too short
 * (fewer than two words), low confidence, or a near tie. Callers route undetermined text to the English model, the
 * one most chat text that is too short to tell is written for ("ok", "gg", "lol").
 */
export function detectLanguage(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (words.length < MIN_WORDS || letters < MIN_LETTERS) return UNDETERMINED;
  const [best, second] = loadLanguageDetector().detectAll(text, { only: CANDIDATES });
  if (!best || best.accuracy < MIN_ACCURACY) return UNDETERMINED;
  if (second && best.accuracy < MIN_LEAD * second.accuracy) return UNDETERMINED;
  return best.lang;
}

/** "en", "EN", "en-US", "en_GB" → "en". */
export function baseLanguage(code: string): string {
  return code.toLowerCase().split(/[-_]/)[0] ?? '';
}
