import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { rates } from '../../src/runtime/linear/cross-validate.js';
import { fitLogistic, predict } from '../../src/runtime/linear/logistic.js';
import { configuredModels } from '../../src/runtime/manifest.js';
import type { CaseStatus, NewCase } from '../../src/skills/moderation/store.js';
import { LAMBDA } from '../../src/skills/moderation/tuned/tuner.js';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter, type Where } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { TOPICS } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { removalCase } from '../helpers/mod-cases.js';
import { fixtureEnv, postJson } from '../helpers/server.js';

const TENANT = 'tenant-1';
const FILLERS = ['tonight', 'on the server', 'after the patch', 'with friends', 'in voice', 'again lol', 'for real'];
/** The fixture embedding model points a topic's words one way: pirate talk is what this server removes. */
const sentence = (topic: string[], i: number) =>
  `the ${topic[i % topic.length]} and the ${topic[(i + 2) % topic.length]} ${FILLERS[i % FILLERS.length]}`;
const pirate = (i: number) => sentence(TOPICS.pirates ?? [], i);
const food = (i: number) => sentence(TOPICS.food ?? [], i);

interface Seed {
  text: string;
  /** What the test expects the case to teach (undefined: not an example). */
  label: 0 | 1 | undefined;
  status?: CaseStatus;
  extra?: Partial<NewCase>;
}

/** A mod-log where the moderators' decisions follow the topic, with cases that teach nothing mixed in. */
function seeds(): Seed[] {
  const list: Seed[] = [];
  for (let i = 0; i < 8; i++) list.push({ text: pirate(i), label: 1, status: 'upheld' });
  for (let i = 8; i < 16; i++) list.push({ text: pirate(i), label: 1 });
  for (let i = 16; i < 20; i++)
    list.push({ text: pirate(i), label: 1, extra: { moderator: 'mod1', actions: ['delete message'], reasons: [] } });
  // Decisions against the pattern: no head gets these right, so the metrics are not a trivial 1.
  for (let i = 0; i < 2; i++) list.push({ text: food(i + 30), label: 1, status: 'upheld' });
  for (let i = 0; i < 10; i++) list.push({ text: food(i), label: 0, status: 'overturned' });
  for (let i = 10; i < 20; i++) list.push({ text: food(i), label: 0, status: 'dismissed' });
  // Not decisions: a pending appeal, a dry run, a warning, AutoMod, a moderator's message left alone.
  list.push({ text: food(40), label: undefined, status: 'appealed' });
  list.push({ text: food(41), label: undefined, extra: { dryRun: true, actions: [] } });
  list.push({ text: food(42), label: undefined, extra: { moderator: 'mod1', actions: ['warn', 'report'] } });
  list.push({ text: food(43), label: undefined, extra: { moderator: 'automod', actions: ['block message'] } });
  list.push({ text: food(44), label: undefined, extra: { actions: ['not actioned: moderator'] } });
  return list;
}

/** Precision and recall of a k-fold run with this test's own split: row i is held out in fold i mod k. */
function ownCrossValidation(vectors: Float32Array[], labels: number[], folds: number) {
  const dims = vectors[0]?.length ?? 0;
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (let k = 0; k < folds; k++) {
    const train = labels.flatMap((_, i) => (i % folds === k ? [] : [i]));
    const x = new Float32Array(train.length * dims);
    train.forEach((row, i) => {
      x.set(vectors[row] ?? [], i * dims);
    });
    const y = Uint8Array.from(train, (row) => labels[row] ?? 0);
    const model = fitLogistic({ x, y, rows: train.length, dims }, { lambda: LAMBDA });
    labels.forEach((label, i) => {
      if (i % folds !== k) return;
      const flagged = predict(model, vectors[i] ?? []) >= 0.5;
      if (flagged && label) counts.truePositives++;
      else if (flagged) counts.falsePositives++;
      else if (label) counts.falseNegatives++;
      else counts.trueNegatives++;
    });
  }
  return rates(counts);
}

interface Tuned {
  metrics: { folds: number; precision: number; recall: number; examples: number; positives: number; negatives: number };
  mode: string;
  trainedAt: string;
}

describe('moderation: a head tuned on the server’s own decisions (fixture embeddings, through the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  const mod: Where = { channelId: 'mod-cmds', userId: 'mod1', isModerator: true };
  const moderation = (what: string, value?: string) =>
    chat.command('moderation', { do: what, ...(value ? { value } : {}) }, mod);
  const lastReply = () => chat.visible(mod).at(-1) ?? '';
  const api = async (value: string) =>
    (await (await postJson(server, '/v1/skills/moderation', { do: 'tuned', value, tenant: TENANT })).json()) as {
      message: string;
      tuned?: Tuned;
    };
  const seeded = seeds();
  const numbers: number[] = [];

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment', 'embeddings'] });
    // Moderators here send more commands a minute than the default quota lets a person.
    const env = fixtureEnv(modelsDir, { QUOTA_USER_PER_MINUTE: '1000', QUOTA_CHANNEL_PER_MINUTE: '1000' });
    server = await startMemoryServer({ adapters: [chat], env });
    for (const [i, seed] of seeded.entries()) {
      const created = await server.stores.moderation.createCase(
        removalCase(`seed:${i}`, { tenantId: TENANT, userId: `u${i}`, text: seed.text, ...seed.extra }),
      );
      if (!created) throw new Error('seed case not created');
      numbers.push(created.number);
      if (seed.status && seed.status !== 'dismissed') {
        await server.stores.moderation.updateCase(TENANT, created.number, { status: seed.status });
      }
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('refuses to train with too few decisions, as an answer', async () => {
    const answer = (await (
      await postJson(server, '/v1/skills/moderation', { do: 'tuned', value: 'train', tenant: 'empty-server' })
    ).json()) as { message: string };
    expect(answer.message).toMatch(/^Not trained: not enough decided cases to learn from: 0 to act on and 0 not/);
  });

  it('moderators dismiss cases, which then teach what not to act on', async () => {
    const dismissed = seeded.flatMap((s, i) => (s.status === 'dismissed' ? [numbers[i] ?? 0] : []));
    for (const number of dismissed) await moderation('dismiss', String(number));
    await eventually(() => expect(lastReply()).toContain(`Case #${dismissed.at(-1)} dismissed`));
    expect((await server.stores.moderation.getCase(TENANT, dismissed[0] ?? 0))?.status).toBe('dismissed');
  });

  it('reaches the cross-validated precision and recall this test computes on the same cases with its own folds', async () => {
    const answer = await api('train');
    const tuned = answer.tuned;
    const examples = seeded.filter((s) => s.label !== undefined);
    expect(tuned?.metrics).toMatchObject({ folds: 5, examples: examples.length, positives: 22, negatives: 20 });
    expect(tuned?.mode).toBe('off');
    const spec = configuredModels(loadConfig(fixtureEnv(modelsDir)).modelOverrides).embeddings;
    const vectors = await Promise.all(
      examples.map((s) =>
        server.runtime.run({ ...spec, task: 'feature-extraction' }, { text: s.text, pooling: 'mean', normalize: true }),
      ),
    );
    const own = ownCrossValidation(
      vectors,
      examples.map((s) => s.label ?? 0),
      5,
    );
    // The two decisions against the pattern are missed whatever the folds; everything else is learned.
    expect(own.precision).toBeGreaterThanOrEqual(0.9);
    expect(own.recall).toBeGreaterThanOrEqual(0.85);
    expect(Math.abs((tuned?.metrics.precision ?? 0) - own.precision)).toBeLessThanOrEqual(0.1);
    expect(Math.abs((tuned?.metrics.recall ?? 0) - own.recall)).toBeLessThanOrEqual(0.1);
    expect(tuned?.metrics.recall).toBeLessThan(1);
    expect(answer.message).toContain(`on ${examples.length} examples (22 acted on, 20 not)`);
  });

  it('shows the head to moderators and in /models with its card', async () => {
    await moderation('tuned');
    await eventually(() => expect(lastReply()).toMatch(/5-fold cross-validated precision \d\.\d\d, recall \d\.\d\d/));
    expect(lastReply()).toContain('Mode: off');
    await chat.command('models', {}, mod);
    await eventually(() => expect(lastReply()).toContain("This server's tuned moderation head"));
    expect(lastReply()).toMatch(/on 42 examples \(22 acted on, 20 not\) · 5-fold cross-validated precision/);
    expect(lastReply()).toContain('never leave the server');
    expect(lastReply()).toMatch(/Intended use: .*Limitations: /s);
  });

  it('in shadow mode marks the cases it would have flagged and never acts', async () => {
    await moderation('enable');
    await moderation('mod-channel', '<#modlog>');
    await moderation('tuned', 'shadow');
    await eventually(() => expect(lastReply()).toContain('Mode: shadow'));
    const before = chat.platformOps.length;
    await chat.message(pirate(3), { channelId: 'general', userId: 'u70' }, 'shadow-1');
    await chat.message(food(5), { channelId: 'general', userId: 'u71' }, 'shadow-2');
    const found = async () => (await server.stores.moderation.listCases(TENANT, { userId: 'u70' }))[0];
    await eventually(async () => expect(await found()).toBeDefined());
    expect(await found()).toMatchObject({
      verdict: 'flag',
      actions: ['would have flagged'],
      dryRun: true,
      points: 0,
      reasons: [{ label: 'tuned', level: 'flag' }],
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await server.stores.moderation.listCases(TENANT, { userId: 'u71' })).toEqual([]);
    expect(chat.platformOps.slice(before)).toEqual([]);
  });

  it('acts once a moderator makes it live', async () => {
    await moderation('tuned', 'live');
    await eventually(() => expect(lastReply()).toContain('Mode: live'));
    await chat.message(pirate(4), { channelId: 'general', userId: 'u72' }, 'live-1');
    await eventually(() =>
      expect(chat.platformOps.filter((o) => o.op === 'post' && o.channelId === 'modlog')).toHaveLength(1),
    );
    const report = chat.platformOps.find((o) => o.op === 'post' && o.channelId === 'modlog');
    expect(report?.op === 'post' && report.reply.text).toMatch(/<@u72>[\s\S]*Rule: tuned \d\.\d\d ≥ 0\.50/);
    await moderation('tuned', 'off');
    await eventually(() => expect(lastReply()).toContain('Mode: off'));
  });

  it('refuses what does not parse and people who are not moderators; a head for another encoder is not used', async () => {
    await moderation('tuned', 'drop table');
    await eventually(() => expect(lastReply()).toContain('tuned takes train, shadow, live or off'));
    await moderation('forget', '12; delete');
    await eventually(() => expect(lastReply()).toContain('forget takes a case number'));
    await moderation('dismiss', '99999');
    await eventually(() => expect(lastReply()).toContain('there is no case #99999'));
    const someone = { channelId: 'general', userId: 'someone' };
    await chat.command('moderation', { do: 'tuned', value: 'train' }, someone);
    await eventually(() => expect(chat.visible(someone).at(-1)).toContain('only moderators'));
    const head = await server.stores.moderation.tunedHead(TENANT);
    if (!head) throw new Error('no head');
    await server.stores.moderation.setTunedHead(TENANT, {
      ...head,
      mode: 'live',
      encoder: { ...head.encoder, revision: 'f'.repeat(40) },
    });
    await chat.message(pirate(5), { channelId: 'general', userId: 'u73' }, 'other-encoder');
    await new Promise((r) => setTimeout(r, 500));
    expect(await server.stores.moderation.listCases(TENANT, { userId: 'u73' })).toEqual([]);
    await server.stores.moderation.setTunedHead(TENANT, { ...head, mode: 'off' });
  });

  it("deleting cases' data changes the next model and leaves them out of it", async () => {
    const before = await server.stores.moderation.tunedHead(TENANT);
    const botActed = seeded.flatMap((s, i) => (s.label === 1 && !s.status && !s.extra ? [numbers[i] ?? 0] : []));
    for (const number of botActed) await moderation('forget', String(number));
    await eventually(() => expect(lastReply()).toContain(`Case #${botActed.at(-1)}: its message was deleted`));
    expect((await server.stores.moderation.getCase(TENANT, botActed[0] ?? 0))?.text).toBe('');
    // Two moderators asking at once get the one training.
    const [retrained, asked] = (await Promise.all([api('train'), api('train')])).map((a) => a.tuned);
    expect(asked?.trainedAt).toBe(retrained?.trainedAt);
    expect(retrained?.metrics).toMatchObject({ examples: 42 - botActed.length, positives: 22 - botActed.length });
    const after = await server.stores.moderation.tunedHead(TENANT);
    expect(after?.weights).not.toEqual(before?.weights);
    // The cases it opened itself (shadow and live) are not examples either.
    expect(after?.metrics.negatives).toBe(20);
  });
});
