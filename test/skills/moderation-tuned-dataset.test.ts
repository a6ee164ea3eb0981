import { describe, expect, it } from 'vitest';
import type { ModCase } from '../../src/skills/moderation/store.js';
import { exampleOf, examplesOf } from '../../src/skills/moderation/tuned/dataset.js';
import { removalCase } from '../helpers/mod-cases.js';

const botCase = (number: number, extra: Partial<ModCase> = {}): ModCase => {
  const { source: _source, ...fields } = removalCase(String(number), { text: `message ${number}` });
  return { ...fields, number, status: 'open', createdAt: new Date(0), ...extra };
};
const tunedReason = { label: 'tuned', score: 0.9, threshold: 0.5, level: 'flag' as const };

describe('what a mod-log case teaches the tuned head', () => {
  it.each([
    ['the bot acted and nobody overturned it', {}, 1],
    ['an appeal denied', { status: 'upheld' }, 1],
    ["a moderator's removal", { moderator: 'mod1', actions: ['delete message'], reasons: [] }, 1],
    ['an appeal approved', { status: 'overturned' }, 0],
    ['a dismissed case', { status: 'dismissed' }, 0],
    ['a dismissed shadow case', { status: 'dismissed', dryRun: true, reasons: [tunedReason] }, 0],
    ['a pending appeal', { status: 'appealed' }, undefined],
    ['a dry run', { dryRun: true }, undefined],
    ['a flag with no action', { actions: [] }, undefined],
    ["a moderator's message left alone", { actions: ['not actioned: moderator'] }, undefined],
    ['a warning (the text is the moderator’s)', { moderator: 'mod1', actions: ['warn', 'report'] }, undefined],
    ['AutoMod', { moderator: 'automod', actions: ['block message'] }, undefined],
    [
      'an audit-log deletion without text',
      { moderator: 'mod1', actions: ['delete message'], text: 'delete message' },
      undefined,
    ],
    ['an erased case', { text: '  ', status: 'upheld' }, undefined],
    ['an image', { reasons: [{ label: 'image_unsafe', score: 0.9, threshold: 0.5, level: 'remove' }] }, undefined],
    ["the head's own live flag", { verdict: 'flag', reasons: [tunedReason], actions: ['report'] }, undefined],
  ] as const)('%s', (_, extra, label) => {
    expect(exampleOf(botCase(1, extra as Partial<ModCase>))).toBe(label);
  });

  it('keeps the newest examples, in log order', () => {
    const cases = [botCase(1), botCase(2, { status: 'appealed' }), botCase(3, { status: 'overturned' }), botCase(4)];
    expect(examplesOf(cases)).toEqual({
      texts: ['message 1', 'message 3', 'message 4'],
      labels: [1, 0, 1],
      cases: [1, 3, 4],
    });
    expect(examplesOf(cases, 2).cases).toEqual([3, 4]);
  });
});
