import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReply } from '../../src/adapters/discord/render.js';
import { toMrkdwn } from '../../src/adapters/slack/render.js';
import { discordPing } from '../fakes/fake-discord/gateway.js';
import { RecordingAdapter, type Where } from '../fakes/recording-adapter.js';
import { MASS_MENTION } from '../fakes/skills.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv, postJson } from '../helpers/server.js';

interface Classified {
  scores: { label: string; score: number }[];
  multi_label: boolean;
  model: { repo: string; revision: string };
}

const TEXT = 'i want a refund, the billing on the website is broken';
const LABELS = ['billing', 'selling accounts', 'spoilers'];

/** What the NLI fixture gives (known.nliLogits) with transformers.js' default template. */
function expected(text: string, labels: readonly string[], multi: boolean): Record<string, number> {
  const logits = labels.map((l) => known.nliLogits(text, `This example is ${l}.`));
  if (multi) return Object.fromEntries(labels.map((l, i) => [l, 1 / (1 + Math.exp(2 * (logits[i]?.[1] ?? 0)))]));
  const exps = logits.map(([e = 0]) => Math.exp(e));
  const total = exps.reduce((a, b) => a + b, 0);
  return Object.fromEntries(labels.map((l, i) => [l, (exps[i] ?? 0) / total]));
}

describe('classify: zero-shot scores per label, through the API and a slash command (NLI fixture, real pool)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  const classify = async (body: unknown) => {
    const res = await postJson(server, '/v1/skills/classify', body);
    return { status: res.status, body: (await res.json()) as Classified & { error?: { message: string } } };
  };

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['nli'] });
    server = await startMemoryServer({ adapters: [chat], env: fixtureEnv(modelsDir) });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it.each([false, true])('scores three labels (multi_label %s) as the fixture computes them', async (multi) => {
    const { status, body } = await classify({ text: TEXT, labels: LABELS, multi_label: multi });
    expect(status).toBe(200);
    expect(body.multi_label).toBe(multi);
    expect(body.scores.map((s) => s.label).sort()).toEqual([...LABELS].sort());
    const want = expected(TEXT, LABELS, multi);
    for (const s of body.scores) expect(s.score).toBeCloseTo(want[s.label] ?? Number.NaN, 5);
    expect(body.scores[0]?.label).toBe('billing');
    const sum = body.scores.reduce((n, s) => n + s.score, 0);
    if (multi) {
      // Independent: the one matching label near 1, the others near 0, not summing to 1.
      expect(body.scores[0]?.score).toBeGreaterThan(0.95);
      expect(sum).toBeGreaterThan(1);
    } else expect(sum).toBeCloseTo(1, 5);
    expect(body.model.repo).toBe('MoritzLaurer/DeBERTa-v3-xsmall-mnli-fever-anli-ling-binary');
  });

  it('answers the slash command, labels given as comma-separated words', async () => {
    const where: Where = { channelId: 'support', userId: 'u1' };
    await chat.command('classify', { text: TEXT, labels: 'billing, selling accounts ,spoilers' }, where);
    const answer = chat.visible(where).at(-1) ?? '';
    expect(answer).toContain('one distribution over the labels');
    expect(answer.indexOf('`billing`')).toBeLessThan(answer.indexOf('`spoilers`'));
  });

  it('refuses hostile input with a 400 that says why', async () => {
    const cases: [unknown, string][] = [
      [{ text: TEXT, labels: [] }, 'at least one label'],
      [{ text: TEXT, labels: Array.from({ length: 1000 }, (_, i) => `label ${i}`) }, 'at most 20 labels'],
      [{ text: TEXT, labels: ['x'.repeat(5000)] }, 'longer than 100 characters'],
      [{ text: TEXT, labels: ['billing', ' Billing '] }, 'labels must differ'],
      [{ text: TEXT, labels: ['  '] }, 'a label is empty'],
      [{ text: TEXT, labels: [42] }, 'labels'],
      [{ text: '', labels: LABELS }, 'text is empty'],
      [{ text: TEXT }, 'labels'],
      [{ text: TEXT, labels: LABELS, multi_label: 'yes' }, 'multi_label'],
    ];
    for (const [body, reason] of cases) {
      const res = await classify(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(reason);
    }
  });

  it('never pings with mentions in labels: not on Discord, not on Slack', async () => {
    const where: Where = { channelId: 'support', userId: 'u2' };
    await chat.command('classify', { text: TEXT, labels: `${MASS_MENTION}, billing\`<@3>\`` }, where);
    const sent = chat.recorded.filter((r) => r.op === 'send' || r.op === 'edit').at(-1);
    const reply = sent && 'reply' in sent ? sent.reply : undefined;
    expect(reply?.text).toContain('@everyone');
    expect(reply?.ping).toBeUndefined();
    for (const part of renderReply(reply ?? { text: '' })) {
      expect(discordPing(part as unknown as Record<string, unknown>)).toBeUndefined();
    }
    expect(toMrkdwn(reply?.text ?? '')).not.toMatch(/<[!@]/);
  });
});
