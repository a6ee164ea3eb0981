import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter, type Where } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv } from '../helpers/server.js';

describe('moderation: policy, verdicts, actions, mod-log and appeals (fixture models, through the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  const mod: Where = { channelId: 'mod-cmds', userId: 'mod1', isModerator: true };
  const say = (text: string, userId: string, eventId: string, extra: Partial<Where> = {}) =>
    chat.message(text, { channelId: 'general', userId, ...extra }, eventId);
  const configure = async (what: string, value?: string) => {
    await chat.command('moderation', { do: what, ...(value ? { value } : {}) }, mod);
  };
  const ops = (filter: (op: (typeof chat.platformOps)[number]) => boolean) => chat.platformOps.filter(filter);

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] });
    server = await startMemoryServer({ adapters: [chat], env: fixtureEnv(modelsDir) });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('answers POST /v1/skills/moderate with a verdict value', async () => {
    const verdict = async (text: string) =>
      (await (
        await fetch(`${server.url}/v1/skills/moderate`, {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        })
      ).json()) as { verdict: string; reasons: { label: string }[]; scores: Record<string, number>; models: unknown[] };
    const rude = await verdict('you are an idiot');
    expect(rude.verdict).toBe('remove');
    expect(rude.reasons.map((r) => r.label).sort()).toEqual(['insult', 'toxic']);
    expect(rude.models).toEqual([
      { repo: 'Xenova/toxic-bert', revision: expect.stringMatching(/^[0-9a-f]{40}$/), language: 'en' },
    ]);
    expect((await verdict('what a lovely day')).verdict).toBe('allow');
  });

  it("lets the operator read and set a server's policy through the API", async () => {
    const call = async (body: object) =>
      (await (
        await fetch(`${server.url}/v1/skills/moderation`, {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { policy?: { enabled: boolean; dryRun: boolean; modChannel?: string } };
    const set = await call({ do: 'show', tenant: 'guild-9', policy: { enabled: true, dryRun: true, modChannel: 'm' } });
    expect(set.policy).toMatchObject({ enabled: true, dryRun: true, modChannel: 'm' });
    expect((await call({ do: 'show', tenant: 'guild-9' })).policy).toMatchObject({ enabled: true, modChannel: 'm' });
    expect((await call({ do: 'show', tenant: 'guild-10' })).policy).toMatchObject({ enabled: false });
  });

  it('lets only moderators change the policy', async () => {
    await chat.command('moderation', { do: 'enable' }, { channelId: 'x', userId: 'someone' });
    await eventually(() => expect(chat.visible({ channelId: 'x' })[0]).toContain('only moderators'));
    await configure('enable');
    await configure('mod-channel', '<#modlog>');
    await eventually(() => expect(chat.visible(mod).at(-1)).toContain('Mod channel: <#modlog>'));
  });

  it('acts once on a message over a threshold and opens a case; a redelivery opens no second case', async () => {
    await say('you idiot', 'u9', 'msg-1');
    await eventually(() => expect(ops((o) => o.op === 'remove' && o.eventId === 'msg-1')).toHaveLength(1));
    const report = ops((o) => o.op === 'post' && o.channelId === 'modlog')[0];
    expect(report?.op === 'post' && report.reply.text).toContain('**Case #1** · <@u9> in <#general> · **remove**');
    const warned = ops((o) => o.op === 'dm' && o.userId === 'u9')[0];
    expect(warned?.op === 'dm' && warned.reply.buttons?.[0]).toMatchObject({ actionId: 'moderation:appeal' });
    await say('you idiot', 'u9', 'msg-1');
    await say('what a nice day', 'u8', 'msg-2');
    await new Promise((r) => setTimeout(r, 500));
    expect(ops((o) => o.op === 'remove')).toHaveLength(1);
    await configure('cases');
    await eventually(() => expect(chat.visible(mod).at(-1)).toMatch(/^1 case\n/));
  });

  it('serves the cases over REST to the operator: a list, one case, 404 for none', async () => {
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer k' } });
    const list = (await (await get('/v1/moderation/cases?tenant=tenant-1')).json()) as { cases: { number: number }[] };
    expect(list.cases.map((c) => c.number)).toContain(1);
    const one = (await (await get('/v1/moderation/cases/1?tenant=tenant-1')).json()) as { case: { userId: string } };
    expect(one.case.userId).toBe('u9');
    expect((await get('/v1/moderation/cases/999?tenant=tenant-1')).status).toBe(404);
    const mine = (await (await get('/v1/moderation/cases?tenant=tenant-1&user=u9')).json()) as { cases: unknown[] };
    expect(mine.cases.length).toBeGreaterThan(0);
    expect(((await (await get('/v1/moderation/cases?tenant=elsewhere')).json()) as { cases: unknown[] }).cases).toEqual(
      [],
    );
  });

  // What the server's webhook events are (the outbox delivers them to subscribed endpoints: test/webhooks).
  const emitted = async () => server.events.types('tenant-1');

  it("emits moderation.case_created for the case's server", async () => {
    await eventually(() => expect(emitted()).resolves.toContain('moderation.case_created'));
    expect(server.events.types('elsewhere')).toEqual([]);
  });

  it('in dry-run records the case only; an exempt role gets nothing', async () => {
    await configure('dry-run');
    const before = chat.platformOps.length;
    await say('damn it', 'u5', 'msg-dry');
    await configure('case', '2');
    await eventually(() => expect(chat.visible(mod).at(-1)).toContain('**Case #2** · <@u5>'));
    expect(chat.visible(mod).at(-1)).toContain('(dry run)');
    expect(chat.platformOps.length).toBe(before);
    await configure('live');
    await configure('exempt-role', '<@&trusted>');
    await say('you moron', 'u6', 'msg-exempt', { roles: ['trusted'] });
    await new Promise((r) => setTimeout(r, 500));
    expect(chat.platformOps.length).toBe(before);
    await configure('case', '3');
    await eventually(() => expect(chat.visible(mod).at(-1)).toContain('no case #3'));
  });

  it('runs the appeal flow end to end: case → appeal → approve → user told, case updated', async () => {
    const dm: Where = { tenantId: 'dm:u9', channelId: 'dm-u9', userId: 'u9' };
    await chat.action('moderation:appeal', 'tenant-1:1', dm);
    await eventually(() => expect(chat.recorded.some((r) => r.op === 'send' && r.reply.form)).toBe(true));
    const form = chat.recorded.find((r) => r.op === 'send' && r.reply.form);
    expect(form?.op === 'send' && form.reply.form).toMatchObject({
      actionId: 'moderation:appeal-submit',
      value: 'tenant-1:1',
    });
    await chat.action('moderation:appeal-submit', 'tenant-1:1', dm, undefined, { reason: 'I was quoting a film' });
    let decide: { actionId: string; value: string } | undefined;
    await eventually(() => {
      const posted = ops((o) => o.op === 'post' && o.reply.text.includes('Appeal: I was quoting a film'))[0];
      decide = posted?.op === 'post' ? posted.reply.buttons?.find((b) => b.value.endsWith(':approve')) : undefined;
      expect(decide).toBeDefined();
    });
    // A non-moderator cannot decide.
    await chat.action('moderation:decide', String(decide?.value), { channelId: 'modlog', userId: 'u9' });
    await chat.action('moderation:decide', String(decide?.value), {
      channelId: 'modlog',
      userId: 'mod1',
      isModerator: true,
    });
    await eventually(() =>
      expect(ops((o) => o.op === 'dm' && o.userId === 'u9' && o.reply.text.includes('was approved'))).toHaveLength(1),
    );
    await configure('case', '1');
    await eventually(() => expect(chat.visible(mod).at(-1)).toContain('Status: overturned'));
    expect(chat.visible(mod).at(-1)).toContain('Decided by <@mod1>');
  });

  it('emits appeal.decided once the appeal is decided', async () => {
    await eventually(() => expect(emitted()).resolves.toContain('appeal.decided'));
  });

  it('escalates at the warning-point threshold: the third removal times the author out', async () => {
    for (const n of [1, 2, 3]) await say(`kill it ${n}`, 'u7', `esc-${n}`);
    await eventually(() => expect(ops((o) => o.op === 'timeout' && o.userId === 'u7')).toHaveLength(1));
    expect(ops((o) => o.op === 'timeout' && o.eventId === 'esc-3')).toHaveLength(1);
  });

  it('moderates 1,000 messages at once in batches while an interactive /sentiment still answers', async () => {
    await configure('enable');
    const removedBefore = ops((o) => o.op === 'remove').length;
    const where = { channelId: 'quiet', userId: 'asker' };
    await chat.command('sentiment', { text: 'loads the model first' }, where);
    let burstDone = 0;
    const burst = Array.from({ length: 1000 }, (_, i) =>
      chat
        .message(i % 10 === 0 ? 'you idiot' : 'hello there', { channelId: `busy-${i % 8}`, userId: `b${i}` })
        .finally(() => void burstDone++),
    );
    // Asked once the burst is being worked on, the interactive command must not queue behind it: it is answered
    // while most of the burst is still waiting (order and counts, not a machine's speed).
    await eventually(() => expect(burstDone).toBeGreaterThan(0), 30_000);
    await chat.command('sentiment', { text: 'I love this' }, where);
    const doneWhenAnswered = burstDone;
    expect(chat.visible(where)[1]).toContain('Positive');
    console.info(`[moderation test] /sentiment answered after ${doneWhenAnswered} of 1000 burst messages`);
    expect(doneWhenAnswered).toBeLessThan(500);
    expect(await Promise.all(burst)).toEqual(Array(1000).fill('handled'));
    expect(ops((o) => o.op === 'remove').length - removedBefore).toBe(100);
    // Batched: fewer inference batches of the toxicity model than messages. How full each batch gets depends on how
    // fast messages arrive while a batch runs (a busy machine makes them smaller), so the margin is wide: on average
    // more than two messages a batch. The batch plan itself is tested exactly in test/runtime/batcher.test.ts.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const count = (suffix: string) =>
      Number(
        new RegExp(`^runtime_batch_size_${suffix}\\{model="Xenova/toxic-bert[^"]*"\\} (\\d+)`, 'm').exec(metrics)?.[1],
      );
    expect(count('sum')).toBeGreaterThanOrEqual(1000);
    expect(count('count')).toBeLessThan(count('sum') / 2);
  }, 60_000);
});
