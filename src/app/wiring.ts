import { discordFileAccess } from '../adapters/discord/files.js';
import { createHttpApp, type HttpDeps } from '../adapters/http/app.js';
import type { Config } from '../config.js';
import type { UnreachableCheck } from '../core/ports.js';
import { Router } from '../core/router.js';
import { SkillRunner } from '../core/run-skill.js';
import { ThreadOrder } from '../core/thread-order.js';
import type { WebhookEvents } from '../core/webhook-events.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Parsing } from '../parse/index.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ModelStore } from '../runtime/store/model-store.js';
import { modelAuditApi } from './model-audit.js';
import { toxicityScorer } from './perspective.js';
import { type SkillTableOptions, skillTable } from './skills.js';
import type { Stores } from './stores.js';

/*
 * The one wiring of skills, core and HTTP API, on whichever stores are handed in: the server passes the
 * database's, the skill tests' memory server (test/helpers/memory-server.ts) the memory ones. What differs
 * between them (platform adapters, webhooks, probes' extras, listening, shutdown) stays with each caller.
 */

export interface AppParts {
  stores: Stores;
  /** Where models are kept and where inference runs. */
  store: ModelStore;
  runtime: Runtime;
  parsing: Parsing;
  metrics: Metrics;
  log: Logger;
  /** Outbound webhooks, told about runs whose skill names an event. */
  events?: WebhookEvents | undefined;
  /** Which failures mean a dependency was away (the database's). */
  unreachable?: UnreachableCheck | undefined;
}

/** The skills, the runner every run goes through (chat, API, hooks) and the router chat events go through. */
export function appCore(config: Config, parts: AppParts, options: SkillTableOptions) {
  const { stores, metrics, log, events, unreachable } = parts;
  const table = skillTable(config, stores, parts.store, parts.runtime, parts.parsing, options);
  const { skills } = table;
  const runner = new SkillRunner(
    skills,
    {
      settings: stores.settings,
      quotas: stores.quotas,
      audit: stores.audit,
      metrics,
      log,
      ...(events ? { events } : {}),
      ...(unreachable ? { unreachable } : {}),
    },
    { userPerMinute: config.QUOTA_USER_PER_MINUTE, channelPerMinute: config.QUOTA_CHANNEL_PER_MINUTE },
  );
  const router = new Router({
    runner,
    skills,
    dedupe: stores.dedupe,
    threadOrder: new ThreadOrder(),
    metrics,
    log,
    deferAfterMs: config.DEFER_AFTER_MS,
    unreachable,
  });
  return { ...table, runner, router };
}

export type AppCore = ReturnType<typeof appCore>;

/** What the HTTP app takes beyond the core and the configuration: the process's phases, and the server's extras. */
export type HttpParts = Pick<HttpDeps, 'inflight' | 'isReady' | 'isDraining'> &
  Partial<Pick<HttpDeps, 'doctor' | 'platforms' | 'models' | 'outbound' | 'inbound'>>;

/** The HTTP API (/v1, probes, metrics) on the core's runner and skills, with the stores' API keys. */
export function appHttp(config: Config, core: AppCore, parts: AppParts, http: HttpParts) {
  return createHttpApp({
    log: parts.log,
    metrics: parts.metrics,
    runner: core.runner,
    skills: core.skills,
    apiKeys: config.API_KEYS,
    keys: parts.stores.apiKeys,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    uploadLimitBytes: config.KB_FETCH_MAX_BYTES,
    audioLimitBytes: config.TRANSCRIBE_MAX_BYTES,
    readForm: parts.parsing.readForm,
    images: { maxBytes: config.PARSE_IMAGE_MAX_BYTES, media: [discordFileAccess(config.DISCORD_API_URL)] },
    toxicity: toxicityScorer(parts.runtime, core.specs),
    modelAudit: modelAuditApi(config, parts.runtime, core.specs),
    ...http,
  });
}
