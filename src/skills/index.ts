import type { FetchUrlOptions } from '../retrieval/fetch-url.js';
import type { KnowledgeBase } from '../retrieval/knowledge-base.js';
import type { DefaultModelId } from '../runtime/manifest.js';
import type { ModelSpec } from '../runtime/models.js';
import type { Runtime } from '../runtime/runtime.js';
import { createEntitiesSkill } from './entities/index.js';
import { createHelpSkill } from './help/index.js';
import type { AnswerStore } from './knowledge/answers.js';
import { createAskSkill } from './knowledge/ask.js';
import { createKbSkill } from './knowledge/kb.js';
import { createModelsSkill, type ModelCatalog } from './models/index.js';
import { createModerationSkill } from './moderation/admin.js';
import { createModerateSkill } from './moderation/moderate.js';
import type { ModerationStore } from './moderation/store.js';
import { createSentimentSkill } from './sentiment/index.js';
import type { AnySkill } from './skill.js';
import { createSummarizeSkill } from './summarize/index.js';

/** What skills are built from: the model catalog, the shared runtime, the configured model of each role. */
export interface SkillDeps {
  catalog: ModelCatalog;
  runtime: Runtime;
  models: Record<DefaultModelId, ModelSpec>;
  moderation: ModerationStore;
  /** The knowledge base, opened on first use. */
  knowledge: () => Promise<KnowledgeBase>;
  answers: AnswerStore;
  /** How documents are fetched from URLs (size and time caps, operator-allowed private hosts). */
  fetching: FetchUrlOptions;
}

export function createSkills(deps: SkillDeps, extra: readonly AnySkill[] = []): AnySkill[] {
  const table: AnySkill[] = [];
  const list = () => table;
  table.push(
    createHelpSkill(list),
    createModelsSkill(list, deps.catalog),
    createSentimentSkill(deps.runtime, deps.models.sentiment),
    createEntitiesSkill(deps.runtime, deps.models.ner),
    createModerateSkill(deps.runtime, deps.models, deps.moderation),
    createModerationSkill(deps.moderation),
    createKbSkill(deps.knowledge, deps.answers, deps.fetching),
    createAskSkill(deps.knowledge, deps.runtime, deps.models, deps.answers),
    createSummarizeSkill(deps.runtime, deps.models.generator),
    ...extra,
  );
  return table;
}
