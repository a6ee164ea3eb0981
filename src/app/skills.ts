import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Parsing } from '../parse/index.js';
import { poolEmbedder } from '../retrieval/embedder.js';
import { lazyKnowledgeBase } from '../retrieval/lazy-knowledge-base.js';
import { fetchingFromConfig } from '../retrieval/load-document.js';
import { modelCatalog } from '../runtime/catalog.js';
import { configuredModels } from '../runtime/manifest.js';
import type { Runtime } from '../runtime/runtime.js';
import { safetyModelSpec } from '../runtime/safety-model.js';
import type { ModelStore } from '../runtime/store/model-store.js';
import { DEFAULT_FLAGGED_LABELS, FLAGGED_POLICIES } from '../skills/imagine/safety.js';
import { createSkills } from '../skills/index.js';
import type { AnySkill } from '../skills/skill.js';
import { DbAnswerStore } from '../store/answer-store.js';
import { AutoTranscribeSetting } from '../store/auto-transcribe.js';
import { ChoiceSetting } from '../store/choice-setting.js';
import { DbDailyCounter } from '../store/daily-counter.js';
import { DbImageRecords } from '../store/image-records.js';
import { DbModerationStore } from '../store/moderation-store.js';
import { Settings } from '../store/settings.js';
import { DbTranscriptCache } from '../store/transcript-cache.js';

export interface SkillTableOptions {
  /** Skills beyond the built-in table (tests add slow or failing skills here). */
  extraSkills?: readonly AnySkill[];
  /** What time it is for the mod-log (case dates, warning points expiring); tests move it instead of waiting. */
  clock?: () => Date;
}

/** What the skills take from configuration and the database, besides models and stores. */
function skillOptions(
  config: Config,
  db: Database['db'],
  settings: Settings,
  safetyModel: ReturnType<typeof safetyModelSpec> | undefined,
  imageRecords: DbImageRecords,
) {
  return {
    fetching: fetchingFromConfig(config),
    transcripts: new DbTranscriptCache(db),
    transcribeAuto: new AutoTranscribeSetting(settings),
    transcribing: { maxBytes: config.TRANSCRIBE_MAX_BYTES, maxSeconds: config.TRANSCRIBE_MAX_SECONDS },
    imagine: {
      acceptedLicenses: config.IMAGINE_ACCEPT_LICENSES,
      blocklist: config.IMAGINE_BLOCKLIST,
      perUser: config.IMAGINE_PER_USER,
      dailyQuota: config.IMAGINE_DAILY_QUOTA,
      counter: new DbDailyCounter(db, 'imagine'),
      records: imageRecords,
      safety: safetyModel && {
        model: safetyModel,
        labels: config.IMAGINE_SAFETY_LABELS.length ? config.IMAGINE_SAFETY_LABELS : DEFAULT_FLAGGED_LABELS,
        threshold: config.IMAGINE_SAFETY_THRESHOLD,
        policy: new ChoiceSetting(settings, 'imagine.flagged', FLAGGED_POLICIES, 'refuse'),
      },
    },
  };
}

/** The skills, and the stores they share with the router and the API. */
export function skillTable(
  config: Config,
  db: Database['db'],
  store: ModelStore,
  runtime: Runtime,
  parsing: Parsing,
  options: SkillTableOptions,
) {
  const models = configuredModels(config.modelOverrides);
  const settings = new Settings(db);
  const answers = new DbAnswerStore(db, settings);
  const knowledge = lazyKnowledgeBase(
    config.lancedbUri,
    poolEmbedder(runtime, models.embeddings),
    config.LANCEDB_READ_CONSISTENCY_SEC,
  );
  const safetyModel = config.IMAGINE_SAFETY_MODEL && safetyModelSpec(config.IMAGINE_SAFETY_MODEL);
  const imageRecords = new DbImageRecords(db);
  const skills = createSkills(
    {
      catalog: modelCatalog(store, [...Object.values(models), ...(safetyModel ? [safetyModel] : [])]),
      runtime,
      models,
      moderation: new DbModerationStore(db, settings, options.clock),
      knowledge: knowledge.open,
      answers,
      parsing,
      ...skillOptions(config, db, settings, safetyModel, imageRecords),
    },
    options.extraSkills ?? [],
  );
  const specs = [...Object.values(models), ...(safetyModel ? [safetyModel] : [])];
  return { skills, settings, answers, knowledge, imageRecords, specs };
}
