import type { FetchUrlOptions } from '../net/fetch-url.js';
import type { Parsing } from '../parse/index.js';
import type { KnowledgeBase } from '../retrieval/knowledge-base.js';
import type { DefaultModelId } from '../runtime/manifest.js';
import type { ModelSpec } from '../runtime/models.js';
import type { Runtime } from '../runtime/runtime.js';
import { createClassifySkill } from './classify/index.js';
import type { AutoDescribeControl } from './describe/auto.js';
import { createDescribeSkill, type DescribeLimits } from './describe/index.js';
import { createEntitiesSkill } from './entities/index.js';
import { createHelpSkill } from './help/index.js';
import { createImagineSkill, type ImagineOptions } from './imagine/index.js';
import type { AnswerStore } from './knowledge/answers.js';
import { createAskSkill } from './knowledge/ask.js';
import { createKbSkill } from './knowledge/kb.js';
import type { BiasAuditStore } from './models/audit.js';
import { createModelsSkill, type ModelCatalog } from './models/index.js';
import { createModerationSkill } from './moderation/admin.js';
import { createImageModerationSkill, type ImageModeration } from './moderation/images.js';
import { createModerateSkill } from './moderation/moderate.js';
import type { ModerationStore } from './moderation/store.js';
import { tunedCard } from './moderation/tuned/card.js';
import type { Tuner } from './moderation/tuned/tuner.js';
import { createSentimentSkill } from './sentiment/index.js';
import type { AnySkill } from './skill.js';
import { createSummarizeSkill } from './summarize/index.js';
import type { AutoTranscribeControl } from './transcribe/auto.js';
import type { TranscriptCache } from './transcribe/cache.js';
import { createTranscribeSkill, type TranscribeLimits } from './transcribe/index.js';
import type { AutoTranslateControl } from './translate/auto.js';
import { createTranslateSkill } from './translate/index.js';

/** What skills are built from: the model catalog, the shared runtime, the configured model of each role. */
export interface SkillDeps {
  catalog: ModelCatalog;
  runtime: Runtime;
  models: Record<DefaultModelId, ModelSpec>;
  moderation: ModerationStore;
  /** Each server's tuned moderation head: trained from its mod-log, scoring messages once enabled. */
  tuner?: Tuner | undefined;
  /** The knowledge base, opened on first use. */
  knowledge: () => Promise<KnowledgeBase>;
  answers: AnswerStore;
  /** How documents are fetched from URLs (size and time caps, operator-allowed private hosts). */
  fetching: FetchUrlOptions;
  transcripts: TranscriptCache;
  /** The per-channel `transcribe.auto` setting, which moderators change through /transcribe auto:… */
  transcribeAuto: AutoTranscribeControl;
  transcribing: TranscribeLimits;
  /** Audio decoding and document extraction off the event loop, with limits (the parse pool). */
  parsing: Pick<Parsing, 'decodeAudio' | 'decodeImage' | 'extractDocument'>;
  /** The per-channel `describe.auto` setting (alt text), which moderators change through /describe auto:… */
  describeAuto: AutoDescribeControl;
  /** The per-channel `translate.auto` setting (moderators: /translate auto:…); without it, no auto-translation. */
  translateAuto?: AutoTranslateControl | undefined;
  describing: DescribeLimits;
  imagine: ImagineOptions;
  /** The latest bias probe of each model, shown in /models. */
  biasAudits?: BiasAuditStore | undefined;
  /** Posted images in moderated channels, checked with the operator's image safety model (none: not checked). */
  imageModeration?: ImageModeration | undefined;
}

export function createSkills(deps: SkillDeps, extra: readonly AnySkill[] = []): AnySkill[] {
  const table: AnySkill[] = [];
  const list = () => all;
  table.push(
    createHelpSkill(list),
    createModelsSkill(list, deps.catalog, {
      audits: deps.biasAudits,
      tuned: async (tenantId) => {
        const head = await deps.moderation.tunedHead(tenantId);
        return head && tunedCard(head);
      },
    }),
    createSentimentSkill(deps.runtime, deps.models.sentiment),
    createEntitiesSkill(deps.runtime, deps.models.ner),
    createClassifySkill(deps.runtime, deps.models.nli),
    createModerateSkill(deps.runtime, deps.models, deps.moderation, deps.tuner),
    createModerationSkill(deps.moderation, () => list().map((s) => s.name), deps.tuner, {
      runtime: deps.runtime,
      nli: deps.models.nli,
    }),
    createKbSkill(deps.knowledge, deps.answers, deps.fetching, deps.parsing.extractDocument),
    createAskSkill(deps.knowledge, deps.runtime, deps.models, deps.answers),
    createSummarizeSkill(deps.runtime, deps.models.generator),
    createTranslateSkill(deps.runtime, deps.models.translator, deps.translateAuto),
    createImagineSkill(deps.runtime, deps.models.imagine, { ...deps.imagine, taesd: deps.models.taesd }),
    createTranscribeSkill(
      deps.runtime,
      {
        whisper: deps.models.whisper,
        vad: deps.models.vad,
        summarizer: deps.models.generator,
        translator: deps.models.translator,
      },
      deps.transcripts,
      deps.transcribeAuto,
      deps.transcribing,
      deps.parsing.decodeAudio,
    ),
    createDescribeSkill(
      deps.runtime,
      { classifier: deps.models.classifier, detector: deps.models.detector, captioner: deps.models.captioner },
      deps.describeAuto,
      deps.describing,
      deps.parsing.decodeImage,
    ),
  );
  if (deps.imageModeration) table.push(createImageModerationSkill(deps.runtime, deps.moderation, deps.imageModeration));
  // An extra skill of a built-in's name replaces it (tests stand in for a skill this way).
  const replaced = new Set(extra.map((s) => s.name));
  const builtIns = new Map(table.map((s) => [s.name, s]));
  const all = [...table.filter((s) => !replaced.has(s.name)), ...extra.map((s) => standIn(s, builtIns.get(s.name)))];
  return all;
}

/**
 * A skill standing in for a built-in is reached as the built-in was (mentions, voice notes where the channel wants
 * them, …), except in the ways it declares itself.
 */
function standIn(skill: AnySkill, builtIn: AnySkill | undefined): AnySkill {
  const own = new Set(skill.reach?.map((r) => r.kind));
  const inherited = builtIn?.reach?.filter((r) => !own.has(r.kind)) ?? [];
  return inherited.length ? { ...skill, reach: [...(skill.reach ?? []), ...inherited] } : skill;
}
