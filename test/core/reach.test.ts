import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventContext, IncomingEvent } from '../../src/core/event.js';
import type { EventClaims, EventLease, SkillRunRecord } from '../../src/core/ports.js';
import type { MessageRef, Reply } from '../../src/core/reply.js';
import { Router } from '../../src/core/router.js';
import { SkillRunner } from '../../src/core/run-skill.js';
import { ThreadOrder } from '../../src/core/thread-order.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import type { Reach } from '../../src/skills/reach.js';
import type { AnySkill } from '../../src/skills/skill.js';

/*
 * The router with no database and no skill of the real table: skills declare how they are reached, and the router
 * runs what the declarations pick. Storage is the narrow ports core declares, kept in memory here.
 */

/** A skill that answers `name: <what it got>` and is reached as `reach` says. */
function skill(name: string, reach: Reach[], extra: Partial<AnySkill> = {}): AnySkill {
  return {
    name,
    description: name,
    models: [],
    input: z.record(z.string(), z.unknown()),
    reach,
    run: async (input: Record<string, unknown>) => input,
    render: (output: Record<string, unknown>) => ({ text: `${name}: ${JSON.stringify(output)}` }),
    ...extra,
  };
}

/** Judges what members write: removes any text with "badword" in it, except in channel c-free where it is off. */
function judge(judged: string[]): AnySkill {
  return skill(
    'judge',
    [
      {
        kind: 'channel-traffic',
        on: async (where) => where.channelId !== 'c-free',
        input: (text, source) => ({ text, source }),
        removes: (output: { remove: boolean }) => output.remove,
        withheld: 'withheld by the judge',
      },
    ],
    {
      run: async ({ text }: { text: string }) => {
        judged.push(text);
        return { remove: text.includes('badword') };
      },
    },
  );
}

const TABLE = (judged: string[]) => [
  skill('answerer', [
    { kind: 'command', options: [] },
    { kind: 'mention', input: ({ text }) => ({ question: text }) },
    { kind: 'follow-up', wants: async (where) => where.threadId === 't-answered', input: (text) => ({ more: text }) },
  ]),
  skill('digest', [
    { kind: 'mention', matches: /^tl;dr$/, input: (_m, where) => ({ of: where.threadId ?? 'channel' }) },
  ]),
  skill('listener', [
    {
      kind: 'voice-note',
      wants: async (where, note) => where.channelId === 'c-voice' && !note.upload,
      input: (note) => ({ heard: note.attachment.name }),
    },
  ]),
  skill('recorder', [{ kind: 'moderation-record', input: (record) => ({ by: record.by }) }], {
    render: () => ({ text: 'never shown' }),
  }),
  skill('quoter', [{ kind: 'command', options: [] }], { echoes: (output: { text?: string }) => output.text }),
  judge(judged),
];

/** Event claims in memory: each (platform, event id) runs once. */
function memoryClaims(fail?: () => unknown): EventClaims {
  const seen = new Set<string>();
  return {
    renewEveryMs: 60_000,
    async claim(platform, eventId) {
      if (fail) throw fail();
      if (seen.has(`${platform}/${eventId}`)) return undefined;
      seen.add(`${platform}/${eventId}`);
      const refs: MessageRef[] = [];
      const lease: EventLease = {
        attempt: 1,
        replies: {
          get: async (i) => refs[i],
          record: async (i, ref) => {
            refs[i] = ref;
          },
        },
        renew: async () => {},
        done: async () => {},
      };
      return lease;
    },
  };
}

function setup(skills: AnySkill[], options: { claims?: EventClaims; unreachable?: (e: unknown) => AppError } = {}) {
  const metrics = createMetrics();
  const log = createLogger('silent');
  const audit: SkillRunRecord[] = [];
  const runner = new SkillRunner(
    skills,
    {
      settings: { mayRun: async () => true },
      quotas: { hit: async () => ({ ok: true }) },
      audit: { record: async (run) => void audit.push(run) },
      metrics,
      log,
    },
    { userPerMinute: 100, channelPerMinute: 100 },
  );
  const router = new Router({
    runner,
    skills,
    dedupe: options.claims ?? memoryClaims(),
    threadOrder: new ThreadOrder(),
    metrics,
    log,
    deferAfterMs: 10_000,
    unreachable: options.unreachable,
  });
  const said: Reply[] = [];
  let next = 1;
  const deliver = (
    make: (ctx: EventContext) => IncomingEvent,
    where: { channelId?: string; threadId?: string } = {},
  ) => {
    const ctx: EventContext = {
      platform: 'test',
      eventId: `ev-${next++}`,
      tenantId: 't1',
      channelId: where.channelId ?? 'c1',
      threadId: where.threadId,
      userId: 'u1',
      roles: [],
      reply: {
        defer: async () => {},
        send: async (reply) => {
          said.push(reply);
          return { id: `m${said.length}`, channelId: ctx.channelId };
        },
        edit: async (_ref, reply) => void said.push(reply),
      },
    };
    return router.handle(make(ctx));
  };
  return { router, deliver, said, audit, metrics, texts: () => said.map((r) => r.text) };
}

const mention =
  (text: string) =>
  (ctx: EventContext): IncomingEvent => ({ kind: 'mention', text, attachments: [], ctx });
const message =
  (text: string, edited = false) =>
  (ctx: EventContext): IncomingEvent => ({ kind: 'message', text, attachments: [], edited, ctx });
const voice =
  (upload: boolean) =>
  (ctx: EventContext): IncomingEvent => {
    const attachment = { id: 'a1', url: 'https://cdn.example/v.ogg', name: 'v.ogg' };
    return { kind: 'voice-note', attachment, upload, ctx };
  };

describe('reaching skills by what they declare', () => {
  it('sends a mention to the skill whose pattern matches it, and every other mention to the one without', async () => {
    const { deliver, texts } = setup(TABLE([]));
    await deliver(mention('tl;dr'), { threadId: 'th1' });
    await deliver(mention('what is the harbour fee?'));
    expect(texts()).toEqual(['digest: {"of":"th1"}', 'answerer: {"question":"what is the harbour fee?"}']);
  });

  it('tells someone who mentions the bot why nothing answers when no skill takes mentions', async () => {
    const { deliver, texts } = setup([skill('only-a-command', [{ kind: 'command', options: [] }])]);
    expect(await deliver(mention('hello?'))).toBe('handled');
    expect(texts()).toEqual([
      "Sorry, answering questions isn't set up on this server yet. Try /help to see what I can do.",
    ]);
  });

  it('hands a voice note to the skill that wants it there; elsewhere it is channel traffic', async () => {
    const judged: string[] = [];
    const { deliver, texts } = setup(TABLE(judged));
    await deliver(voice(false), { channelId: 'c-voice' });
    expect(await deliver(voice(false), { channelId: 'c2' })).toBe('ignored');
    expect(await deliver(voice(true), { channelId: 'c-voice' })).toBe('ignored');
    expect(texts()).toEqual(['listener: {"heard":"v.ogg"}']);
  });

  it('without any skill for voice notes, a voice message hears why and an audio file shared stays a message', async () => {
    const { deliver, texts } = setup([skill('only-a-command', [{ kind: 'command', options: [] }])]);
    await deliver(voice(false));
    expect(await deliver(voice(true))).toBe('ignored');
    expect(texts()).toEqual(["Sorry, transcription isn't set up on this server."]);
  });

  it('holds channel traffic and mentions to the judges where they are on, and answers no removed words', async () => {
    const judged: string[] = [];
    const { deliver, texts } = setup(TABLE(judged));
    expect(await deliver(message('nice weather'))).toBe('handled');
    expect(await deliver(message('nice weather', false), { channelId: 'c-free' })).toBe('ignored');
    await deliver(mention('badword, answer me'));
    await deliver(mention('a fair question'));
    expect(judged).toEqual(['nice weather', 'badword, answer me', 'a fair question']);
    expect(texts()).toEqual(['answerer: {"question":"a fair question"}']);
  });

  it('takes a message in a thread as a follow-up where the skill wants it, never an edit or removed words', async () => {
    const { deliver, texts } = setup(TABLE([]));
    await deliver(message('and the fee for boats?'), { threadId: 't-answered' });
    await deliver(message('edited into a question?', true), { threadId: 't-answered' });
    await deliver(message('badword follow-up'), { threadId: 't-answered' });
    await deliver(message('not a thread it answered'), { threadId: 't-other' });
    expect(texts()).toEqual(['answerer: {"more":"and the fee for boats?"}']);
  });

  it('withholds an answer that repeats words a judge removes, telling the caller alone', async () => {
    const { deliver, said } = setup(TABLE([]));
    await deliver((ctx) => ({ kind: 'command', name: 'quoter', options: { text: 'a badword' }, ctx }));
    await deliver((ctx) => ({ kind: 'command', name: 'quoter', options: { text: 'kind words' }, ctx }));
    expect(said).toEqual([
      { text: 'withheld by the judge', ephemeral: true },
      { text: 'quoter: {"text":"kind words"}' },
    ]);
  });

  it("records the platform's moderation with the skill that declared it, in the background; ignored without one", async () => {
    const record = { by: 'automod', userId: 'u2', action: 'block message', sourceId: 's1' };
    const withRecorder = setup(TABLE([]));
    const recorded = (ctx: EventContext): IncomingEvent => ({ kind: 'moderation-record', record, ctx });
    expect(await withRecorder.deliver(recorded)).toBe('handled');
    expect(withRecorder.said).toEqual([]);
    // A background run that went fine leaves no audit row.
    expect(withRecorder.audit).toEqual([]);
    expect(await setup([]).deliver(recorded)).toBe('ignored');
  });

  it('answers with a reason when a dependency is away, recognised by the check it was handed', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const unreachable = (error: unknown) =>
      new AppError('unavailable', 'the store is away', { cause: error, retryAfterSec: 30, dependency: 'database' });
    const { deliver, texts, metrics } = setup(TABLE([]), { claims: memoryClaims(() => refused), unreachable });
    expect(await deliver(mention('anyone there?'))).toBe('handled');
    expect(texts()[0]).toMatch(/^Sorry, I couldn't do that: the store is away\. \(error id: [\w-]+\)$/);
    const counted = await metrics.dependencyUnavailable.get();
    expect(counted.values).toEqual([expect.objectContaining({ labels: { dependency: 'database' }, value: 1 })]);
  });

  it('holds posted images to the image judges first, then answers the images they keep, once per image', async () => {
    const looked: string[] = [];
    const imageJudge = skill(
      'image-judge',
      [
        {
          kind: 'image',
          answers: false,
          wants: async (where) => where.channelId !== 'c-free',
          input: (image, source) => ({ name: image.name, source }),
          removes: (output: { remove: boolean }) => output.remove,
        },
      ],
      {
        run: async ({ name }: { name: string }) => {
          looked.push(`judge ${name}`);
          return { remove: name.startsWith('bad') };
        },
      },
    );
    const altText = skill('alt-text', [
      {
        kind: 'image',
        answers: true,
        wants: async (_where, image) => !image.description,
        input: (image, source) => ({ alt: image.name, source: source.split(':').slice(-1)[0] }),
      },
    ]);
    const { deliver, texts } = setup([...TABLE(looked), imageJudge, altText]);
    const file = (name: string, extra: { description?: string; contentType?: string } = {}) => ({
      id: `f-${name}`,
      url: `https://cdn.example/${name}`,
      name,
      ...extra,
    });
    const posting =
      (text: string, files: ReturnType<typeof file>[], edited = false) =>
      (ctx: EventContext): IncomingEvent => ({ kind: 'message', text, attachments: files, edited, ctx });
    // Two images (one described, one named like a text file but typed as an image), a PDF, words that pass.
    const posted = [
      file('cat.png'),
      file('dog.jpg', { description: 'my dog' }),
      file('scan', { contentType: 'image/webp' }),
      file('notes.pdf'),
    ];
    expect(await deliver(posting('look', posted))).toBe('handled');
    expect(looked).toEqual(['look', 'judge cat.png', 'judge dog.jpg', 'judge scan']);
    expect(texts()).toEqual([
      'alt-text: {"alt":"cat.png","source":"f-cat.png"}',
      'alt-text: {"alt":"scan","source":"f-scan"}',
    ]);
    // A removed image removes the message: nothing of it is answered, later images are not looked at.
    looked.length = 0;
    await deliver(posting('look', [file('bad.png'), file('fine.png')]));
    expect(looked).toEqual(['look', 'judge bad.png']);
    // Removed words: the images are neither judged nor answered; an edit brings no images back.
    await deliver(posting('badword', [file('fine.png')]));
    await deliver(posting('edited', [file('again.png')], true));
    expect(looked).toEqual(['look', 'judge bad.png', 'badword', 'edited']);
    // A mention's images are judged too (and the mention is not answered when one is removed).
    await deliver((ctx) => ({ kind: 'mention', text: 'what is this?', attachments: [file('bad.gif')], ctx }));
    expect(texts()).toHaveLength(2);
  });
});
