import { describe, expect, it } from 'vitest';
import { commandOptions, isAudio, mentionText } from '../../../src/adapters/slack/to-event.js';
import type { CommandSpec } from '../../../src/core/bot.js';
import { growthRatio } from '../../helpers/growth.js';

const spec = (options: CommandSpec['options']): CommandSpec => ({ name: 'x', description: '', slash: true, options });

describe('Slack command text → options', () => {
  it('gives free text to the first string option, keeping its line breaks', () => {
    const ask = spec([{ name: 'question', description: '', type: 'string', required: true }]);
    expect(commandOptions('what is\nthis?', ask)).toEqual({ question: 'what is\nthis?' });
  });

  it('takes name:value and quoted values, coercing numbers and booleans', () => {
    const imagine = spec([
      { name: 'prompt', description: '', type: 'string' },
      { name: 'seed', description: '', type: 'integer' },
      { name: 'hd', description: '', type: 'boolean' },
      { name: 'negative', description: '', type: 'string' },
    ]);
    expect(commandOptions('a red fox seed:42 hd=yes negative:"blurry, dark" at https://x.y', imagine)).toEqual({
      prompt: 'a red fox at https://x.y',
      seed: 42,
      hd: true,
      negative: 'blurry, dark',
    });
  });

  it('lets an option with choices take one matching word, and the next string option the rest', () => {
    const moderation = spec([
      { name: 'do', description: '', type: 'string', choices: ['enable', 'mod-channel'] },
      { name: 'value', description: '', type: 'string' },
    ]);
    expect(commandOptions('mod-channel <#C123|mods>', moderation)).toEqual({
      do: 'mod-channel',
      value: '<#C123|mods>',
    });
    expect(commandOptions('enable', moderation)).toEqual({ do: 'enable' });
  });
});

describe('Slack events', () => {
  it('recognises audio clips, including those labelled video/mp4, but not video clips', () => {
    expect(isAudio({ id: 'F1', subtype: 'slack_audio', mimetype: 'video/mp4' })).toBe(true);
    expect(isAudio({ id: 'F2', mimetype: 'audio/webm' })).toBe(true);
    expect(isAudio({ id: 'F3', subtype: 'slack_video', mimetype: 'video/mp4' })).toBe(false);
    expect(isAudio({ id: 'F4', mimetype: 'image/png' })).toBe(false);
  });

  it("strips the bot's own mention from a mention's text", () => {
    expect(mentionText('<@U0BOT> what is up <@U0OTHER>?', 'U0BOT')).toBe('what is up <@U0OTHER>?');
    expect(mentionText('<@U0BOT|omb> hi')).toBe('hi');
    expect(mentionText('  \n<@U0BOT> hi')).toBe('hi');
    expect(mentionText('hi <@U0BOT>')).toBe('hi <@U0BOT>'); // not leading, bot id unknown: kept
    expect(mentionText('<@U0BOT|a <@U0BOT> b', 'U0BOT')).toBe('<@U0BOT|a  b');
  });

  it('takes time in proportion to the text on hostile input (long whitespace, unclosed mentions)', () => {
    const inputs: [string, (n: number) => string][] = [
      ['whitespace', (n) => `${' '.repeat(n)}x`],
      ['whitespace then an unclosed mention', (n) => `${' \t\n'.repeat(n / 3)}<@U0BOT|${' '.repeat(n)}`],
      ['unclosed mentions', (n) => '<@U0BOT|'.repeat(n / 8)],
      ['unclosed labels', (n) => `<@U0BOT|${'x'.repeat(n)}`],
    ];
    for (const [what, input] of inputs) {
      for (const bot of ['U0BOT', undefined]) {
        const ratio = growthRatio((text: string) => mentionText(text, bot), input(10_000), input(100_000));
        // Linear gives about 10 (10× the input); the quadratic regex this replaced gave about 100.
        expect(ratio, `${what}, bot id ${bot ?? 'unknown'}`).toBeLessThan(40);
      }
    }
  });
});
