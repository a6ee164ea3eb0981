import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { KnowledgeBase, Passage } from '../../retrieval/knowledge-base.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { Skill, SkillContext } from '../skill.js';
import { mustExist } from './kb.js';

const input = z.object({
  question: z.string().trim().min(1, 'ask a question').max(2000),
  collection: z.string().trim().default('default'),
  /** generative: a written answer citing passages; extractive: the exact span from the best passage. */
  mode: z.enum(['generative', 'extractive']).default('generative'),
});
type Input = z.infer<typeof input>;

export interface Citation {
  n: number;
  documentId: string;
  title: string;
  url?: string | undefined;
  text: string;
  score: number;
}

export interface AskOutput {
  answer: string;
  /** False when nothing relevant was found: the answer then says so instead of guessing. */
  found: boolean;
  mode: Input['mode'];
  citations: Citation[];
  model?: { repo: string; revision: string } | undefined;
}

export interface AskModels {
  generator: ModelSpec;
  qa: ModelSpec;
}

/** A passage counts when the question's words occur in it or its meaning is close enough. */
const MIN_SIMILARITY = 0.35;
const PASSAGES = 4;
const STREAM_EVERY_MS = 700;

/**
 * `ask`: a question answered from a knowledge collection — hybrid retrieval, then the generator prompted with
 * numbered passages (answers cite them as [1], [2]) streaming into the reply, or the extractive QA model's exact
 * span. Channels outside the collection's scope are refused; an empty retrieval says so rather than inventing.
 */
export function createAskSkill(
  kb: () => Promise<KnowledgeBase>,
  runtime: Runtime,
  models: AskModels,
): Skill<Input, AskOutput> {
  return {
    name: 'ask',
    description: 'Answer a question from the knowledge base, with sources',
    models: [models.generator, models.qa],
    input,
    slow: true,
    command: {
      options: [
        { name: 'question', description: 'Your question', type: 'string', required: true },
        { name: 'collection', description: 'Which collection (default: "default")', type: 'string' },
        {
          name: 'mode',
          description: 'generative or extractive',
          type: 'string',
          choices: ['generative', 'extractive'],
        },
      ],
    },
    async run({ question, collection, mode }, ctx) {
      const base = await kb();
      const scope = await mustExist(base, ctx.tenantId, collection);
      if (scope.channels.length > 0 && !scope.channels.includes(ctx.channelId) && ctx.platform !== 'api') {
        throw new AppError('forbidden', `this channel may not ask the "${collection}" collection`);
      }
      const passages = (await base.search(ctx.tenantId, collection, question, PASSAGES * 2))
        .filter((p) => p.keywordMatch || p.similarity >= MIN_SIMILARITY)
        .slice(0, PASSAGES);
      if (passages.length === 0) {
        return {
          answer: `I couldn't find anything about that in **${collection}**, so I won't guess.`,
          found: false,
          mode,
          citations: [],
        };
      }
      return mode === 'extractive'
        ? extract(runtime, models.qa, question, passages, ctx)
        : generate(runtime, models.generator, question, passages, ctx);
    },
    render(out) {
      const sources = out.citations.map(
        (c) =>
          `[${c.n}] ${c.url ? `[${c.title}](${c.url})` : c.title} — "${c.text.replace(/\s+/g, ' ').slice(0, 120)}…"`,
      );
      return { text: [out.answer, ...(sources.length ? ['', '**Sources**', ...sources] : [])].join('\n') };
    },
  };
}

const citationOf = (p: Passage, n: number): Citation => ({
  n,
  documentId: p.documentId,
  title: p.title,
  url: p.url,
  text: p.text,
  score: p.score,
});

async function generate(
  runtime: Runtime,
  spec: ModelSpec,
  question: string,
  passages: Passage[],
  ctx: SkillContext,
): Promise<AskOutput> {
  const numbered = passages.map((p, i) => `[${i + 1}] (${p.title}) ${p.text}`).join('\n\n');
  let streamed = '';
  let lastShown = 0;
  const model = { ...spec, task: spec.task as 'text-generation' };
  const output = await runtime.run(
    model,
    {
      messages: [
        {
          role: 'system',
          content:
            'Answer the question using only the numbered passages. Cite the passages you use like [1]. ' +
            'If they do not contain the answer, say that you do not know.',
        },
        { role: 'user', content: `Passages:\n${numbered}\n\nQuestion: ${question}` },
      ],
      maxNewTokens: 256,
      stream: true,
    },
    {
      signal: ctx.signal,
      onToken: (piece) => {
        streamed += piece;
        if (Date.now() - lastShown < STREAM_EVERY_MS) return;
        lastShown = Date.now();
        void ctx.progress({ text: `${streamed}…` }).catch(() => {});
      },
    },
  );
  const cited = [...output.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])).filter((n) => passages[n - 1]);
  // An answer that cites nothing still shows what it was given, so every claim can be checked.
  const used = cited.length ? [...new Set(cited)] : passages.map((_, i) => i + 1);
  return {
    answer: output.text.trim(),
    found: true,
    mode: 'generative',
    citations: used.map((n) => citationOf(passages[n - 1] as Passage, n)),
    model: { repo: spec.repo, revision: runtime.revisionOf(spec) },
  };
}

async function extract(
  runtime: Runtime,
  spec: ModelSpec,
  question: string,
  passages: Passage[],
  ctx: SkillContext,
): Promise<AskOutput> {
  const model = { ...spec, task: 'question-answering' as const };
  const answers = await Promise.all(
    passages.map(async (p, i) => {
      const [best] = await runtime.run(model, { question, context: p.text, topK: 1 }, { signal: ctx.signal });
      return { best, passage: p, n: i + 1 };
    }),
  );
  const top = answers
    .filter((a) => a.best && a.best.answer.trim() !== '')
    .sort((a, b) => (b.best?.score ?? 0) - (a.best?.score ?? 0))[0];
  if (!top?.best) {
    return {
      answer: "The passages I found don't contain a clear answer.",
      found: false,
      mode: 'extractive',
      citations: [],
    };
  }
  return {
    answer: `${top.best.answer} [${top.n}]`,
    found: true,
    mode: 'extractive',
    citations: [citationOf(top.passage, top.n)],
    model: { repo: spec.repo, revision: runtime.revisionOf(spec) },
  };
}
