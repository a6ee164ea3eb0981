import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingAdapter, type Where } from '../fakes/recording-adapter.js';
import { MASS_MENTION } from '../fakes/skills.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv } from '../helpers/server.js';

const RULE = 'selling or trading accounts';
/** The fixture's score for a message against the rule (transformers.js' template, entailment vs not). */
const ruleScore = (text: string) => {
  const [entail, not] = known.nliLogits(text, `This example is ${RULE}.`);
  return 1 / (1 + Math.exp(not - entail));
};

describe('rules in plain words: zero-shot NLI rules flag in dry run, act once live, preview the channel (through the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  const mod: Where = { channelId: 'mod-cmds', userId: 'mod1', isModerator: true };
  const moderation = async (options: Record<string, unknown>, where: Where = mod) => {
    await chat.command('moderation', options, where);
    return chat.visible(where).at(-1) ?? '';
  };
  const configure = async (what: string, value?: string, where: Where = mod) => {
    const answer = await moderation({ do: what, ...(value === undefined ? {} : { value }) }, where);
    expect(answer).not.toContain("Sorry, I couldn't");
    return answer;
  };
  const say = (text: string, userId: string) => chat.message(text, { channelId: 'general', userId });
  const opsOf = (userId: string) =>
    chat.platformOps.filter(
      (o) => ('userId' in o && o.userId === userId) || JSON.stringify(o).includes(`<@${userId}>`),
    );

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment', 'nli'] });
    const env = fixtureEnv(modelsDir, { QUOTA_USER_PER_MINUTE: '1000', QUOTA_CHANNEL_PER_MINUTE: '1000' });
    server = await startMemoryServer({ adapters: [chat], env });
    await configure('enable');
    await configure('mod-channel', '<#modlog>');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('adds a rule in dry run: a matching message makes a case marked dry run, with the rule as reason, and nothing is done', async () => {
    expect(await configure('rule', RULE)).toContain(
      `Rule 1 added in dry run: “${RULE}” · flags at 0.9 · actions report`,
    );
    const text = 'anyone selling accounts? cheap, dm me';
    await say(text, 'seller1');
    await say('what a lovely day for a game', 'quiet1');
    const cases = await configure('cases', '<@seller1>');
    expect(cases).toContain('1 case');
    expect(cases).toContain('**flag** (dry run)');
    expect(cases).toContain(`Rule: rule 1: ${RULE} (dry run) ${ruleScore(text).toFixed(2)} ≥ 0.90`);
    expect(cases).toContain('Actions: none · Points: 0');
    expect(cases).toContain('DeBERTa-v3-xsmall-mnli-fever-anli-ling-binary');
    expect(opsOf('seller1')).toEqual([]);
    expect(chat.platformOps.filter((o) => o.op === 'remove' || o.op === 'post')).toEqual([]);
    expect(await configure('cases', '<@quiet1>')).toContain('No cases.');
  });

  it('once live, runs the rule’s own actions through the enact path (delete, report to the mod channel)', async () => {
    expect(await configure('rule', '1 actions delete report')).toContain('actions delete, report · dry run');
    expect(await configure('rule', '1 live')).toContain('· **live**');
    await say('i am trading my accounts, selling too', 'seller2');
    const cases = await configure('cases', '<@seller2>');
    expect(cases).toContain('**remove**');
    expect(cases).not.toContain('(dry run)');
    expect(cases).toContain(`Rule: rule 1: ${RULE} `);
    expect(cases).toContain('Actions: delete, report');
    expect(chat.platformOps.filter((o) => o.op === 'remove')).toHaveLength(1);
    const report = chat.platformOps.filter((o) => o.op === 'post' && o.channelId === 'modlog').at(-1);
    expect(report?.op === 'post' && report.reply.text).toContain(`rule 1: ${RULE}`);
    // A message the rule does not entail is left alone.
    await say('the patch is out tonight', 'quiet2');
    expect(await configure('cases', '<@quiet2>')).toContain('No cases.');
    // Toxic and matching a live rule: one case, both reasons, the verdict's actions and the rule's, each once.
    await say('idiot idiot idiot idiot selling', 'both1');
    const both = await configure('cases', '<@both1>');
    expect(both).toContain('1 case');
    expect(both).toMatch(new RegExp(`Rule: .*toxic .*rule 1: ${RULE} `));
    expect(both).toContain('Actions: delete, report, warn');
    expect(chat.platformOps.filter((o) => o.op === 'remove')).toHaveLength(2);
  });

  it('lists rules and changes their threshold; a rule back in dry run stops acting', async () => {
    expect(await configure('rule', '1 threshold 0.995')).toContain('flags at 0.995');
    // One shared word scores 0.982 under the fixture: below the new threshold.
    await say('selling my old bike', 'seller3');
    expect(await configure('cases', '<@seller3>')).toContain('No cases.');
    await configure('rule', '1 threshold 0.9');
    await configure('rule', '1 dry-run');
    await say('selling accounts again', 'seller4');
    expect(await configure('cases', '<@seller4>')).toContain('(dry run)');
    expect(opsOf('seller4')).toEqual([]);
    expect(await configure('rule')).toContain(
      `Rules for this server:\n1. “${RULE}” · flags at 0.9 · actions delete, report`,
    );
  });

  it("previews which of the channel's last 200 messages the rule would have flagged", async () => {
    const market = { channelId: 'market' };
    chat.seed(market, [
      ...Array.from({ length: 210 }, (_, i) => ({
        authorId: `old${i}`,
        text: i === 0 ? 'selling accounts (too old)' : `hello number ${i}`,
      })),
      { authorId: 'm1', text: 'WTS: selling two accounts, level 60' },
      { authorId: 'm2', text: 'who wants to play tonight?' },
      { authorId: 'm3', text: 'trading accounts for skins' },
      { authorId: 'botty', text: 'selling accounts is against the rules', isBot: true },
      { authorId: 'm4', text: 'the game crashed again' },
    ]);
    const answer = await configure('rule-preview', '1', { ...mod, channelId: 'market' });
    // 200 messages read: 195 "hello" lines and 4 of people's new ones (the bot's is skipped; the oldest fell off).
    expect(answer).toContain(`rule 1: ${RULE} would have flagged 2 of the last 199 messages here (threshold 0.9):`);
    expect(answer).toContain('<@m1>: WTS: selling two accounts, level 60');
    expect(answer).toContain('<@m3>: trading accounts for skins');
    expect(answer).not.toContain('too old');
    expect(answer).not.toContain('<@botty>');
    expect(chat.platformOps).toContainEqual({ op: 'history', channelId: 'market', threadId: undefined, limit: 200 });
  });

  it('refuses hostile input with a reason and changes nothing', async () => {
    const member: Where = { channelId: 'general', userId: 'someone' };
    expect(await moderation({ do: 'rule', value: 'no fun allowed' }, member)).toContain('only moderators can do that');
    expect(await moderation({ do: 'rule-preview', value: '1' }, member)).toContain('only moderators can do that');
    for (const [what, value, reason] of [
      ['rule', 'x'.repeat(201), 'at most 200 characters'],
      ['rule', '9 live', 'there is no rule 9'],
      ['rule', '1 threshold 2', 'between 0 and 1'],
      ['rule', '1 actions ban everyone', 'actions takes actions from'],
      ['rule', '1 explode', 'a rule changes with'],
      ['rule-preview', 'abc', 'there is no rule abc'],
    ] as const) {
      expect(await moderation({ do: what, value })).toContain(reason);
    }
    const added = await configure('rule', `${MASS_MENTION} spam`);
    const sent = chat.recorded.filter((r) => r.op === 'send' || r.op === 'edit').at(-1);
    expect(sent && 'reply' in sent ? sent.reply.ping : 'none').toBeUndefined();
    expect(added).toContain('Rule 2 added');
    for (let i = 3; i <= 25; i++) await configure('rule', `rule number ${i}`);
    expect(await moderation({ do: 'rule', value: 'one too many' })).toContain('at most 25 rules');
    expect(await configure('rule')).toContain('25. “rule number 25”');
  });
});

describe('rules when the NLI model cannot run (offline, never pulled)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  const mod: Where = { channelId: 'mod-cmds', userId: 'mod1', isModerator: true };
  const command = async (what: string, value?: string) => {
    await chat.command('moderation', { do: what, ...(value === undefined ? {} : { value }) }, mod);
    return chat.visible(mod).at(-1) ?? '';
  };

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] });
    server = await startMemoryServer({ adapters: [chat], env: fixtureEnv(modelsDir) });
    await command('enable');
    await command('rule', RULE);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('still judges messages with the toxicity model, logs why the rules were left out, and says so on preview', async () => {
    // Every message is scored against the rules (this one too); the toxicity fixture flags "idiot".
    await chat.message('you idiot', { channelId: 'general', userId: 'rude' });
    const cases = await command('cases', '<@rude>');
    expect(cases).toContain('1 case');
    expect(cases).toContain('Rule: toxic');
    expect(cases).not.toContain('rule 1');
    expect(server.lines.some((l) => l.msg === 'moderation rules could not be scored')).toBe(true);
    chat.seed({ channelId: 'mod-cmds' }, [{ authorId: 'x', text: 'selling accounts' }]);
    expect(await command('rule-preview', '1')).toContain('the nli model is not available offline');
  });
});
