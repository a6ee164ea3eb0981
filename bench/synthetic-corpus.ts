import type { Random } from './clustered-vectors.js';

/**
 * Seeded text for the retrieval benchmarks' chunks and queries, so the full-text index has a vocabulary to build
 * and the full-text half of a search has postings to walk: pseudo-words drawn Zipf-like (a few words in most
 * chunks, most words rare), as in text.
 */

/** 4,000 pseudo-words of 2–4 syllables. */
export function vocabulary(random: Random): string[] {
  const syllables = 'ka lo mi ne ru sa ti vo ba de fi gu ho ja ke li mo nu pa re so tu ve wi ya zo'.split(' ');
  const pick = () => syllables[Math.floor(random.next() * syllables.length)] ?? '';
  return Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(random.next() * 3) }, pick).join(''));
}

/** `min`–`max` words (default 20–40, a chunk), Zipf-like: frequent words much more common. */
export function sentence(words: readonly string[], random: Random, min = 20, max = 40): string {
  const length = min + Math.floor(random.next() * (max - min + 1));
  return Array.from({ length }, () => words[Math.floor(words.length * random.next() ** 3)]).join(' ');
}
