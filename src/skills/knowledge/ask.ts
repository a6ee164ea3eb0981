import { z } from 'zod';
import { t } from '../../i18n/index.js';
import type { Collection, KnowledgeBase } from '../../retrieval/knowledge-base.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { refusals, staleButton } from '../refusal.js';
import type { CommandOption, Skill, SkillButton, SkillContext } from '../skill.js';
import { type Answered, type Citation, extractAnswer, generateAnswer } from './answering.js';
import { type AnswerStore, type PastAnswer, type Ratings, threadOf } from './answers.js';
import { mustExist } from './kb.js';
import { channelsHiddenFrom, type LeftOut, leftOutOf, leftOutText } from './readers.js';

const refuse = refusals('ask');

const input = z.object({
  question: z.string().trim().min(1, 'skill.ask.noQuestion').max(2000),
  /** Defaults to the collection the thread was already asking, else "default". */
  collection: z.string().trim().min(1).optional(),
  /** generative: a written answer citing passages; extractive: the exact span from the best passage. */
  mode: z.enum(['generative', 'extractive']).default('generative'),
});
type Input = z.infer<typeof input>;

const OPTIONS: CommandOption[] = [
  { name: 'question', description: 'Your question', type: 'string', required: true },
  { name: 'collection', description: 'Which collection (default: "default")', type: 'string' },
  { name: 'mode', description: 'generative or extractive', type: 'string', choices: ['generative', 'extractive'] },
];

export type { Citation };

export interface AskOutput extends Answered {
  mode: Input['mode'];
  collection: string;
  /** The stored answer (feedback buttons carry it). */
  answerId: string;
  /** Earlier questions of this thread the answer took into account. */
  followUpOf: number;
  /** Passages left out because the asker may not read the channels they were imported from. */
  leftOut?: LeftOut | undefined;
}

export type AskResult = AskOutput | { rated: Ratings & { helpful_vote: boolean } };

export interface AskModels {
  generator: ModelSpec;
  qa: ModelSpec;
}

/** A passage counts when the question's words occur in it or its meaning is close enough. */
const MIN_SIMILARITY = 0.35;
const PASSAGES = 4;
/** Earlier turns of the thread given to the generator (and to retrieval) for follow-ups. */
const THREAD_TURNS = 3;
const EMPTY =
  'I answer questions from this server’s knowledge base, and it has no documents yet: a moderator can add some ' +
  'with /kb do:add. /help shows what else I can do.';

/**
 * `ask`: a question answered from a knowledge collection — hybrid retrieval, then the generator prompted with
 * numbered passages (answers cite them as [1], [2]) streaming into the reply, or the extractive QA model's exact
 * span. Follow-ups in a thread carry its earlier questions. Channels outside the collection's scope are refused;
 * passages imported from channels the asker can't view are left out before the generator sees them (and the
 * answer says so); an empty retrieval says so rather than inventing. Answers are stored with helpful / not
 * helpful buttons.
 */
export function createAskSkill(
  kb: () => Promise<KnowledgeBase>,
  runtime: Runtime,
  models: AskModels,
  answers: AnswerStore,
): Skill<Input, AskResult> {
  return {
    name: 'ask',
    description: 'Answer a question from the knowledge base, with sources',
    models: [models.generator, models.qa],
    input,
    slow: true,
    // Thread follow-ups arrive without a mention; the thread's earlier messages are the conversation.
    needs: ['message-content', 'history'],
    reach: [
      { kind: 'command', options: OPTIONS },
      // Every mention another skill does not match is a question.
      { kind: 'mention', input: ({ text, attachments }) => ({ question: text, attachments }) },
      // A message in a thread it answered, where follow-ups without a mention are on (the default).
      {
        kind: 'follow-up',
        wants: async (where) =>
          (await answers.followUps(where.tenantId, where.channelId)) &&
          (await answers.recent(threadOf(where), 1)).length > 0,
        input: (text) => ({ question: text }),
      },
    ],
    async run({ question, mode, ...args }, ctx) {
      const thread = threadOf(ctx);
      const earlier = ctx.threadId ? await answers.recent(thread, THREAD_TURNS) : [];
      const base = await kb();
      const known = await base.collections(ctx.tenantId);
      if (known.length === 0 && !args.collection) {
        // Not a failure: the server simply has no documents yet. Nothing is stored, so no follow-ups start here.
        return { answer: EMPTY, found: false, citations: [], mode, collection: '', answerId: '', followUpOf: 0 };
      }
      const collection = args.collection ?? earlier.at(-1)?.collection ?? collectionFor(known, ctx);
      const answered = await answer(base, collection, question, mode, earlier, ctx);
      const answerId = await answers.save(thread, {
        userId: ctx.userId,
        collection,
        question,
        answer: answered.answer,
        citations: answered.citations.map(({ text: _text, ...c }) => c),
      });
      return { ...answered, mode, collection, answerId, followUpOf: earlier.length };
    },
    async act(action, ctx) {
      const [answerId = '', vote] = action.value.split(':');
      if (action.name !== 'feedback') {
        throw staleButton();
      }
      const rated = await answers.rate(answerId, ctx.userId, vote === 'yes');
      if (!rated) throw refuse('not_found', 'answerGone');
      return { rated: { ...rated, helpful_vote: vote === 'yes' } };
    },
    event(out) {
      if ('rated' in out) return undefined;
      const { answerId, collection, answer, found, citations, mode, model } = out;
      return { type: 'answer.created', data: { answerId, collection, answer, found, citations, mode, model } };
    },
    render(out, locale) {
      if ('rated' in out) {
        const { helpful, notHelpful, helpful_vote } = out.rated;
        const vote = helpful_vote ? 'helpful' : 'not';
        return { text: t(locale, 'skill.ask.rated', { vote, helpful, notHelpful }), ephemeral: true };
      }
      const note = out.leftOut ? ['', `_${leftOutText(out.leftOut)}_`] : [];
      const sources = out.citations.map(
        (c) =>
          `[${c.n}] ${c.url ? `[${c.title}](${c.url})` : c.title} — "${c.text.replace(/\s+/g, ' ').slice(0, 120)}…"`,
      );
      const [helpful, notHelpful] = [t(locale, 'skill.ask.helpful'), t(locale, 'skill.ask.notHelpful')];
      const buttons: SkillButton[] = out.found
        ? [
            { actionId: 'ask:feedback', label: helpful, value: `${out.answerId}:yes`, style: 'secondary' },
            { actionId: 'ask:feedback', label: notHelpful, value: `${out.answerId}:no`, style: 'secondary' },
          ]
        : [];
      const text = [
        out.answer,
        ...note,
        ...(sources.length ? ['', t(locale, 'skill.ask.sources'), ...sources] : []),
      ].join('\n');
      return { text, buttons };
    },
  };

  /**
   * Mentions and follow-ups name no collection: the one scoped to this channel, else "default", else the
   * server's only collection.
   */
  function collectionFor(all: readonly Collection[], ctx: SkillContext): string {
    const scoped = all.find((c) => c.channels.includes(ctx.channelId));
    const fallback = all.find((c) => c.name === 'default') ?? (all.length === 1 ? all[0] : undefined);
    return (scoped ?? fallback)?.name ?? 'default';
  }

  async function answer(
    base: KnowledgeBase,
    collection: string,
    question: string,
    mode: Input['mode'],
    earlier: readonly PastAnswer[],
    ctx: SkillContext,
  ): Promise<Answered & { leftOut?: LeftOut | undefined }> {
    const scope = await mustExist(base, ctx.tenantId, collection);
    if (scope.channels.length > 0 && !scope.channels.includes(ctx.channelId) && ctx.platform !== 'api') {
      throw refuse('forbidden', 'channelNotAllowed', { collection });
    }
    // A follow-up ("and where is it?") is searched together with the question it follows.
    const query = [earlier.at(-1)?.question, question].filter(Boolean).join('\n');
    // Passages from channels the asker can't view never leave the store: whatever the question says, the
    // generator only ever sees what this person could read for themselves.
    const { hidden, unchecked } = await channelsHiddenFrom(ctx, await base.sourceChannels(ctx.tenantId, collection));
    const found = await base.searchAsReader(ctx.tenantId, collection, query, PASSAGES * 2, hidden);
    const relevant = (p: { keywordMatch: boolean; similarity: number }) =>
      p.keywordMatch || p.similarity >= MIN_SIMILARITY;
    const passages = found.passages.filter(relevant).slice(0, PASSAGES);
    const leftOut = leftOutOf(found.withheld.filter(relevant), unchecked);
    if (passages.length === 0) {
      return {
        answer: `I couldn't find anything about that in **${collection}**, so I won't guess.`,
        found: false,
        citations: [],
        leftOut,
      };
    }
    const answered =
      mode === 'extractive'
        ? await extractAnswer(runtime, models.qa, question, passages, ctx)
        : await generateAnswer(runtime, models.generator, question, passages, earlier, ctx);
    return { ...answered, leftOut };
  }
}
