import { describe, expect, it } from 'vitest';
import { aggregate, type TokenPrediction } from '../../src/runtime/pipelines/aggregation.js';

const labels = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
const text = 'Karla visits Mêlée Island';
// Mêlée is three pieces whose predictions disagree, so the strategies differ on it.
const p = (probs: number[], start: number, end: number, continuation = false): TokenPrediction => ({
  probs,
  span: { start, end },
  continuation,
});
const tokens: TokenPrediction[] = [
  p([0.05, 0.9, 0.02, 0.02, 0.01], 0, 5), // Karla → B-PER
  p([0.96, 0.01, 0.01, 0.01, 0.01], 6, 12), // visits → O
  p([0.5, 0.0, 0.0, 0.45, 0.05], 13, 14), // M → O (barely), B-LOC second
  p([0.1, 0.0, 0.0, 0.2, 0.7], 14, 15, true), // ê → I-LOC
  p([0.2, 0.0, 0.0, 0.75, 0.05], 15, 18, true), // lée → B-LOC, most confident piece
  p([0.05, 0.0, 0.0, 0.05, 0.9], 19, 25), // Island → I-LOC
];

describe('aggregate', () => {
  it("'none' returns every non-O token with its raw label", () => {
    const result = aggregate(text, tokens, labels, 'none').map((e) => [e.label, e.text]);
    expect(result).toEqual([
      ['B-PER', 'Karla'],
      ['I-LOC', 'ê'],
      ['B-LOC', 'lée'],
      ['I-LOC', 'Island'],
    ]);
  });

  it("'simple' groups adjacent tokens of one type, splitting on B-", () => {
    const result = aggregate(text, tokens, labels, 'simple').map((e) => [e.label, e.text]);
    expect(result).toEqual([
      ['PER', 'Karla'],
      ['LOC', 'ê'],
      ['LOC', 'lée Island'],
    ]);
  });

  it("'first' labels a word by its first piece", () => {
    const result = aggregate(text, tokens, labels, 'first').map((e) => [e.label, e.text]);
    expect(result).toEqual([
      ['PER', 'Karla'],
      ['LOC', 'Island'],
    ]);
  });

  it("'average' labels a word by its pieces' mean probabilities", () => {
    const result = aggregate(text, tokens, labels, 'average');
    expect(result.map((e) => [e.label, e.text])).toEqual([
      ['PER', 'Karla'],
      ['LOC', 'Mêlée Island'],
    ]);
    expect(text.slice(result[1]?.start, result[1]?.end)).toBe('Mêlée Island');
  });

  it("'max' labels a word by its most confident piece", () => {
    const result = aggregate(text, tokens, labels, 'max').map((e) => [e.label, e.text, e.score.toFixed(3)]);
    expect(result).toEqual([
      ['PER', 'Karla', '0.900'],
      ['LOC', 'Mêlée Island', '0.825'],
    ]);
  });
});
