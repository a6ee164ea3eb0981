import { describe, expect, it } from 'vitest';
import { clock, firstPart, toPlainText, toWebVtt } from '../../src/skills/transcribe/formats.js';

describe('transcript formats', () => {
  it('writes WebVTT cues in order with escaped text', () => {
    const vtt = toWebVtt([
      { start: 0, end: 1.2, text: 'The quick brown fox' },
      { start: 61.2, end: 3725.5, text: 'a <b> & c --> d' },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.200\nThe quick brown fox\n\n' +
        '2\n00:01:01.200 --> 01:02:05.500\na &lt;b&gt; &amp; c --&gt; d\n',
    );
    expect(toWebVtt([])).toBe('WEBVTT\n\n');
  });

  it('writes a readable text file and short clocks', () => {
    expect(toPlainText([{ start: 83.4, end: 90, text: 'hello' }])).toBe('[1:23] hello\n');
    expect(clock(3725, 'short')).toBe('1:02:05');
  });

  it('cuts a first part at a sentence, else a word, never mid-word', () => {
    expect(firstPart('One two three. Four five six seven', 20)).toBe('One two three.');
    expect(firstPart('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma');
    expect(firstPart('short', 20)).toBe('short');
  });
});
