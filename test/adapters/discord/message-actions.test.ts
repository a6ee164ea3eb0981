import { describe, expect, it } from 'vitest';
import { chosenMenus, commandBodies, DEFAULT_MESSAGE_ACTIONS } from '../../../src/adapters/discord/commands.js';
import { loadConfig } from '../../../src/config.js';
import type { CommandSpec } from '../../../src/core/bot.js';

const spec = (name: string, messageAction?: string): CommandSpec => ({
  name,
  description: name,
  slash: true,
  options: [],
  messageAction,
});
/** The built-ins' message actions, in the skills table's order, and one added by an operator's skill. */
const COMMANDS = [
  spec('sentiment', 'Sentiment'),
  spec('entities', 'Tag entities'),
  spec('summarize', 'Summarize thread'),
  spec('translate', 'Translate'),
  spec('transcribe', 'Transcribe'),
  spec('describe', 'Describe image'),
  spec('help'),
];

describe('which message context menus Discord gets (it takes 5; the skills offer more)', () => {
  it('registers the default five, Translate among them, not the first five of the table', () => {
    const menus = commandBodies(COMMANDS).filter((c) => c.type === 3);
    expect(menus.map((m) => m.name)).toEqual(DEFAULT_MESSAGE_ACTIONS);
    expect(menus.map((m) => m.name)).not.toContain('Tag entities');
  });

  it("registers the operator's choice, in its order, ignoring labels no skill offers", () => {
    expect(chosenMenus(COMMANDS, ['Tag entities', 'Translate', 'Nope'])).toEqual(['Tag entities', 'Translate']);
  });

  it('fills free places with other offered actions when the operator did not choose', () => {
    const few = [spec('translate', 'Translate'), spec('paint', 'Paint this')];
    expect(chosenMenus(few)).toEqual(['Translate', 'Paint this']);
  });

  it('reads DISCORD_MESSAGE_ACTIONS as a comma list and refuses more than five', () => {
    expect(loadConfig({ DISCORD_MESSAGE_ACTIONS: 'Translate, Transcribe' }).DISCORD_MESSAGE_ACTIONS).toEqual([
      'Translate',
      'Transcribe',
    ]);
    expect(loadConfig({}).DISCORD_MESSAGE_ACTIONS).toBeUndefined();
    expect(() => loadConfig({ DISCORD_MESSAGE_ACTIONS: 'a,b,c,d,e,f' })).toThrow(/at most 5/);
  });
});
