import type { Aggregation, Entity } from '../tasks.js';
import type { Span } from './offsets.js';

/** One token's prediction: its probabilities over the labels and where it sits in the original text. */
export interface TokenPrediction {
  probs: readonly number[];
  span: Span;
  /** A word piece continuing the previous token's word ("##lée"). */
  continuation: boolean;
}

interface Scored {
  label: string;
  score: number;
  span: Span;
}

/**
 * Turns token predictions into entities, with the strategies people know from the Python pipelines:
 * 'none' every token, 'simple' adjacent tokens of one type, and word-level 'first' / 'average' / 'max'
 * (a word's label from its first piece, its pieces' mean probabilities, or its most confident piece).
 */
export function aggregate(
  text: string,
  tokens: readonly TokenPrediction[],
  labels: readonly string[],
  strategy: Aggregation,
): Entity[] {
  const scored =
    strategy === 'none' || strategy === 'simple'
      ? tokens.map((t) => best(t.probs, labels, t.span))
      : words(tokens).map((pieces) => wordLabel(pieces, labels, strategy));
  if (strategy === 'none') {
    return scored.filter((s) => s.label !== 'O').map((s) => entity(text, s.label, s.score, s.span, s.span));
  }
  return group(text, scored);
}

function best(probs: readonly number[], labels: readonly string[], span: Span): Scored {
  let index = 0;
  probs.forEach((p, i) => {
    if (p > (probs[index] ?? -1)) index = i;
  });
  return { label: labels[index] ?? 'O', score: probs[index] ?? 0, span };
}

function words(tokens: readonly TokenPrediction[]): TokenPrediction[][] {
  const result: TokenPrediction[][] = [];
  for (const token of tokens) {
    const current = result.at(-1);
    if (token.continuation && current) current.push(token);
    else result.push([token]);
  }
  return result;
}

function wordLabel(pieces: readonly TokenPrediction[], labels: readonly string[], strategy: Aggregation): Scored {
  const first = pieces[0] as TokenPrediction;
  const span = { start: first.span.start, end: (pieces.at(-1) as TokenPrediction).span.end };
  if (strategy === 'average') {
    const mean = first.probs.map((_, i) => pieces.reduce((sum, p) => sum + (p.probs[i] ?? 0), 0) / pieces.length);
    return best(mean, labels, span);
  }
  if (strategy === 'max') {
    const top = pieces.map((p) => best(p.probs, labels, span)).reduce((a, b) => (b.score > a.score ? b : a));
    return top;
  }
  return best(first.probs, labels, span);
}

/** Merges consecutive predictions of one entity type; "B-" always starts a new entity. */
function group(text: string, scored: readonly Scored[]): Entity[] {
  const entities: Entity[] = [];
  let current: { type: string; scores: number[]; start: Span; end: Span } | undefined;
  const flush = () => {
    if (current && current.type !== 'O') {
      const score = current.scores.reduce((a, b) => a + b, 0) / current.scores.length;
      entities.push(entity(text, current.type, score, current.start, current.end));
    }
    current = undefined;
  };
  for (const s of scored) {
    const [tag, type] = splitLabel(s.label);
    if (!current || current.type !== type || tag === 'B') {
      flush();
      current = { type, scores: [s.score], start: s.span, end: s.span };
    } else {
      current.scores.push(s.score);
      current.end = s.span;
    }
  }
  flush();
  return entities;
}

function splitLabel(label: string): [tag: 'B' | 'I', type: string] {
  if (label.startsWith('B-')) return ['B', label.slice(2)];
  if (label.startsWith('I-')) return ['I', label.slice(2)];
  return ['I', label];
}

function entity(text: string, label: string, score: number, from: Span, to: Span): Entity {
  return { label, score, start: from.start, end: to.end, text: text.slice(from.start, to.end) };
}
