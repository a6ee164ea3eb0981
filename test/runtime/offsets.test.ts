import { describe, expect, it } from 'vitest';
import type { TextNormalization } from '../../src/runtime/pipelines/encoder.js';
import { alignTokens } from '../../src/runtime/pipelines/offsets.js';

const cased: TextNormalization = {
  lowercase: false,
  stripAccents: false,
  continuationPrefix: '##',
  unknownToken: '[UNK]',
};
const uncased: TextNormalization = { ...cased, lowercase: true, stripAccents: true };

function slices(text: string, tokens: string[], normalization: TextNormalization) {
  const special = tokens.map((t) => t === '[CLS]' || t === '[SEP]');
  return alignTokens(text, tokens, special, normalization).map((s) => (s ? text.slice(s.start, s.end) : null));
}

describe('alignTokens', () => {
  it('maps word pieces of a cased model onto the original text, accents included', () => {
    const text = 'We live on Mêlée Island.';
    const tokens = ['[CLS]', 'We', 'live', 'on', 'M', '##ê', '##lée', 'Island', '.', '[SEP]'];
    expect(slices(text, tokens, cased)).toEqual([null, 'We', 'live', 'on', 'M', 'ê', 'lée', 'Island', '.', null]);
  });

  it('maps lowercased, accent-stripped pieces back to the characters as written', () => {
    const text = '  Mêlée   ISLAND!';
    const tokens = ['mel', '##ee', 'island', '!'];
    expect(slices(text, tokens, uncased)).toEqual(['Mêl', 'ée', 'ISLAND', '!']);
  });

  it('gives an unknown word the span up to the next space or punctuation', () => {
    const text = 'hello 🦜🦜, friend';
    expect(slices(text, ['hello', '[UNK]', ',', 'friend'], cased)).toEqual(['hello', '🦜🦜', ',', 'friend']);
  });

  it('handles characters outside the basic plane and combining marks', () => {
    const text = 'Zoë 𝒳 cafe\u0301';
    expect(slices(text, ['zoe', '𝒳', 'cafe'], uncased)).toEqual(['Zoë', '𝒳', 'cafe\u0301']);
  });
});
