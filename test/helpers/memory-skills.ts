import type { Config } from '../../src/config.js';
import type { Parsing } from '../../src/parse/index.js';
import { poolEmbedder } from '../../src/retrieval/embedder.js';
import { KnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import { modelCatalog } from '../../src/runtime/catalog.js';
import { configuredModels } from '../../src/runtime/manifest.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { safetyModelSpec } from '../../src/runtime/safety-model.js';
import type { ModelStore } from '../../src/runtime/store/model-store.js';
import { DEFAULT_FLAGGED_LABELS, FLAGGED_POLICIES } from '../../src/skills/imagine/safety.js';
import { createSkills } from '../../src/skills/index.js';
import type { AnySkill } from '../../src/skills/skill.js';
import { AutoTranscribeSetting } from '../../src/store/auto-transcribe.js';
import { ChoiceSetting } from '../../src/store/choice-setting.js';
import type { MemoryStores } from '../../src/store/memory/index.js';
import type { Settings } from '../../src/store/settings.js';

/**
 * The skills as the server builds them from `config` (src/main.ts's skill table), on the memory stores instead of
 * the database ones: the same models, runtime, knowledge base (real LanceDB under DATA_DIR) and parse pool.
 */
export function memorySkillTable(
  config: Config,
  stores: MemoryStores,
  store: ModelStore,
  runtime: Runtime,
  parsing: Parsing,
  extraSkills: readonly AnySkill[] = [],
) {
  const models = configuredModels(config.modelOverrides);
  // The settings-backed choices name the database class; the memory settings have its public methods.
  const settings = stores.settings as unknown as Settings;
  const knowledge = lazyKnowledgeBase(() =>
    KnowledgeBase.open(
      config.lancedbUri,
      poolEmbedder(runtime, models.embeddings),
      {},
      config.LANCEDB_READ_CONSISTENCY_SEC,
    ),
  );
  const safetyModel = config.IMAGINE_SAFETY_MODEL && safetyModelSpec(config.IMAGINE_SAFETY_MODEL);
  const skills = createSkills(
    {
      catalog: modelCatalog(store, [...Object.values(models), ...(safetyModel ? [safetyModel] : [])]),
      runtime,
      models,
      moderation: stores.moderation,
      knowledge: knowledge.open,
      answers: stores.answers,
      parsing,
      fetching: {
        allowHosts: config.KB_FETCH_ALLOW_HOSTS,
        maxBytes: config.KB_FETCH_MAX_BYTES,
        timeoutMs: config.KB_FETCH_TIMEOUT_MS,
      },
      transcripts: stores.transcripts,
      transcribeAuto: new AutoTranscribeSetting(settings),
      transcribing: { maxBytes: config.TRANSCRIBE_MAX_BYTES, maxSeconds: config.TRANSCRIBE_MAX_SECONDS },
      imagine: {
        acceptedLicenses: config.IMAGINE_ACCEPT_LICENSES,
        blocklist: config.IMAGINE_BLOCKLIST,
        perUser: config.IMAGINE_PER_USER,
        dailyQuota: config.IMAGINE_DAILY_QUOTA,
        counter: stores.imagineCounter,
        records: stores.imageRecords,
        safety: safetyModel && {
          model: safetyModel,
          labels: config.IMAGINE_SAFETY_LABELS.length ? config.IMAGINE_SAFETY_LABELS : DEFAULT_FLAGGED_LABELS,
          threshold: config.IMAGINE_SAFETY_THRESHOLD,
          policy: new ChoiceSetting(settings, 'imagine.flagged', FLAGGED_POLICIES, 'refuse'),
        },
      },
    },
    extraSkills,
  );
  return { skills, knowledge };
}

/** The knowledge base opens on first use, as the server's does. */
function lazyKnowledgeBase(open: () => Promise<KnowledgeBase>) {
  let opened: Promise<KnowledgeBase> | undefined;
  return {
    open: () => {
      opened ??= open();
      opened.catch(() => {
        opened = undefined;
      });
      return opened;
    },
    close: async () => (await opened?.catch(() => undefined))?.close(),
  };
}
