import path from 'node:path';
import type { Config } from '../config.js';
import type { Parsing } from '../parse/index.js';
import { poolEmbedder } from '../retrieval/embedder.js';
import { lazyKnowledgeBase } from '../retrieval/lazy-knowledge-base.js';
import { fetchingFromConfig } from '../retrieval/load-document.js';
import { modelCatalog } from '../runtime/catalog.js';
import { trainInWorker } from '../runtime/linear/train-in-worker.js';
import { configuredModels } from '../runtime/manifest.js';
import type { Runtime } from '../runtime/runtime.js';
import { safetyModelSpec } from '../runtime/safety-model.js';
import type { ModelStore } from '../runtime/store/model-store.js';
import { DEFAULT_FLAGGED_LABELS, FLAGGED_POLICIES } from '../skills/imagine/safety.js';
import { createSkills } from '../skills/index.js';
import { createTuner } from '../skills/moderation/tuned/tuner.js';
import type { AnySkill } from '../skills/skill.js';
import { AutoDescribeSetting } from '../store/auto-describe.js';
import { AutoTranscribeSetting } from '../store/auto-transcribe.js';
import { FileBiasAudits } from '../store/bias-audits.js';
import { ChoiceSetting } from '../store/choice-setting.js';
import type { Stores } from './stores.js';

export interface SkillTableOptions {
  /** Skills beyond the built-in table (tests add slow or failing skills here). */
  extraSkills?: readonly AnySkill[] | undefined;
}

/** What the skills take from configuration and the stores, besides models, the knowledge base and parsing. */
function skillOptions(config: Config, stores: Stores, safety: SafetyCheck | undefined) {
  return {
    biasAudits: biasAuditsOf(config),
    fetching: fetchingFromConfig(config),
    transcripts: stores.transcripts,
    transcribeAuto: new AutoTranscribeSetting(stores.settings),
    transcribing: { maxBytes: config.TRANSCRIBE_MAX_BYTES, maxSeconds: config.TRANSCRIBE_MAX_SECONDS },
    describeAuto: new AutoDescribeSetting(stores.settings),
    describing: { maxBytes: config.PARSE_IMAGE_MAX_BYTES },
    imagine: {
      acceptedLicenses: config.IMAGINE_ACCEPT_LICENSES,
      blocklist: config.IMAGINE_BLOCKLIST,
      perUser: config.IMAGINE_PER_USER,
      dailyQuota: config.IMAGINE_DAILY_QUOTA,
      decoder: config.IMAGINE_DECODER,
      counter: stores.imagineCounter,
      records: stores.imageRecords,
      safety: safety && {
        ...safety,
        policy: new ChoiceSetting(stores.settings, 'imagine.flagged', FLAGGED_POLICIES, 'refuse'),
      },
    },
  };
}

/** Where the latest bias probe of each model is kept (DATA_DIR/audits), for the CLI, the API and /models. */
export function biasAuditsOf(config: Config): FileBiasAudits {
  return new FileBiasAudits(path.join(config.dataDir, 'audits'));
}

/** The operator's image safety classifier (generated and posted images), from IMAGINE_SAFETY_*. */
type SafetyCheck = { model: ReturnType<typeof safetyModelSpec>; labels: readonly string[]; threshold: number };

function safetyCheck(config: Config): SafetyCheck | undefined {
  if (!config.IMAGINE_SAFETY_MODEL) return undefined;
  return {
    model: safetyModelSpec(config.IMAGINE_SAFETY_MODEL),
    labels: config.IMAGINE_SAFETY_LABELS.length ? config.IMAGINE_SAFETY_LABELS : DEFAULT_FLAGGED_LABELS,
    threshold: config.IMAGINE_SAFETY_THRESHOLD,
  };
}

/** The skills on `stores`, the knowledge base they open on first use, and the models they are configured with. */
export function skillTable(
  config: Config,
  stores: Stores,
  store: ModelStore,
  runtime: Runtime,
  parsing: Parsing,
  options: SkillTableOptions,
) {
  const models = configuredModels(config.modelOverrides, config.precision);
  const knowledge = lazyKnowledgeBase(
    config.lancedbUri,
    poolEmbedder(runtime, models.embeddings),
    config.LANCEDB_READ_CONSISTENCY_SEC,
  );
  const safety = safetyCheck(config);
  const specs = [...Object.values(models), ...(safety ? [safety.model] : [])];
  const limits = { timeoutMs: config.MOD_TUNE_TIMEOUT_MS, memoryMb: config.MOD_TUNE_MEMORY_MB };
  const tuner = createTuner({
    runtime,
    embeddings: models.embeddings,
    store: stores.moderation,
    train: (job) => trainInWorker(job, limits),
  });
  const skills = createSkills(
    {
      catalog: modelCatalog(store, specs),
      runtime,
      models,
      moderation: stores.moderation,
      tuner,
      knowledge: knowledge.open,
      answers: stores.answers,
      parsing,
      ...skillOptions(config, stores, safety),
      imageModeration: safety && {
        ...safety,
        decodeImage: parsing.decodeImage,
        maxBytes: config.PARSE_IMAGE_MAX_BYTES,
      },
    },
    options.extraSkills ?? [],
  );
  return { skills, knowledge, specs, tuner };
}
