import type { Adapter } from '../adapters/adapter.js';
import { leftoverSpots, sweepLeftovers } from '../adapters/temp-sweep.js';
import type { Config } from '../config.js';
import { InflightTracker } from '../core/inflight.js';
import type { Router } from '../core/router.js';
import type { WebhookEvents } from '../core/webhook-events.js';
import type { Database } from '../db/client.js';
import { databaseUnreachable } from '../db/unreachable.js';
import type { Logger } from '../log.js';
import { createMetrics } from '../metrics.js';
import { parsingFromConfig } from '../parse/index.js';
import { loadLanguageDetector } from '../skills/language.js';
import { scheduleTuning } from '../skills/moderation/tuned/schedule.js';
import type { SettingsStore } from '../store/settings.js';
import { versionLine } from '../version.js';
import { DbHookJobs } from '../webhooks/hook-jobs.js';
import { HookJobRunner } from '../webhooks/hook-runner.js';
import { DbInboundHooks } from '../webhooks/inbound-hooks.js';
import { outboundWebhooks } from '../webhooks/outbound-sender.js';
import { sweepWebhooks } from '../webhooks/retention.js';
import { platformAdapters, platformMetrics, platformReach, platformStatuses } from './adapters.js';
import { openServerDatabase } from './database.js';
import { inferenceOf, modelBoard, preloadConfigured } from './inference.js';
import { listen, localUrl, once, phases, type RunningProcess, shutdownServer, startSweeper } from './lifecycle.js';
import type { SkillTableOptions } from './skills.js';
import { databaseStores } from './stores.js';
import { appCore, appHttp } from './wiring.js';

export interface StartOptions extends SkillTableOptions {
  log: Logger;
  /** What time it is for the mod-log (case dates, warning points expiring); tests move it instead of waiting. */
  clock?: () => Date;
  /** Adapters beyond those the configuration enables (tests pass fakes here). */
  adapters?: readonly Adapter[];
  /**
   * The database, or on its way: main.ts starts opening it (the embedded one on its own thread) before it imports
   * this module, so the two overlap. Awaited `ready` before listening. Opened here when absent.
   */
  database?: Promise<Database>;
}

export interface RunningServer extends RunningProcess {
  readonly router: Router;
  readonly settings: SettingsStore;
  /** The webhook outbox: events emitted here go to the tenant's subscribed endpoints. */
  readonly webhookEvents: WebhookEvents;
}

/** How long after readiness the language detector is loaded (see startServer). */
const WARM_UP_DELAY_MS = 500;

/** Runs a slow inbound-hook job may take before it ends with `hook.failed` (each cut off by a restart). */
const HOOK_JOB_ATTEMPTS = 3;

/**
 * ROLE=all or gateway: the database, the skills and the router, the HTTP server and the platform adapters. A
 * gateway with REDIS_URL leaves inference to worker processes.
 */
export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  const started = performance.now();
  await sweepLeftovers(leftoverSpots(config), log);
  const database = await (options.database ?? openServerDatabase(config, log));
  const { db } = database;
  const stores = databaseStores(db, config, options.clock);

  const metrics = createMetrics();
  const { store, pool, runtime } = await inferenceOf(config, log, metrics);
  const webhooks = outboundWebhooks(db, config, log);
  // Audio, documents and uploads are parsed in workers of their own, apart from inference.
  const parsing = parsingFromConfig(config, log);
  const parts = {
    stores,
    store,
    runtime,
    parsing,
    metrics,
    log,
    events: webhooks.outbox,
    unreachable: databaseUnreachable,
  };
  const core = appCore(config, parts, options);
  const { runner, router, knowledge, specs } = core;
  // Models live where inference runs: this process's pool (a gateway's are the workers' business).
  const board = pool && modelBoard(store, specs, pool, metrics);

  const phase = phases();
  const httpInflight = new InflightTracker();
  const adapters = [...(await platformAdapters(config, log, metrics)), ...(options.adapters ?? [])];
  const reach = platformReach(adapters);
  const inboundHooks = new DbInboundHooks(db);
  // Slow inbound-hook runs are stored jobs; shutdown waits for them like for requests (they are the rest of one).
  const hookJobs = new HookJobRunner({
    jobs: new DbHookJobs(db, webhooks.outbox, config.EVENT_LEASE_SEC),
    hooks: inboundHooks,
    runner,
    post: reach.post,
    log,
    inflight: httpInflight,
    pollMs: config.WEBHOOK_POLL_MS,
    maxAttempts: HOOK_JOB_ATTEMPTS,
  });
  const app = appHttp(config, core, parts, {
    // Imported when asked for: its platform and Redis checks load client libraries the server may never use.
    doctor: async () => (await import('../doctor/index.js')).runDoctor(config, log, database),
    inflight: httpInflight,
    isReady: phase.isReady,
    isDraining: phase.isDraining,
    platforms: () => platformStatuses(adapters),
    models: board && (() => board.states()),
    outbound: webhooks.http,
    inbound: {
      hooks: inboundHooks,
      jobs: hookJobs,
      runner,
      events: webhooks.outbox,
      log,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      rotationGraceSec: config.WEBHOOK_ROTATION_GRACE_SEC,
      ...reach,
    },
  });
  platformMetrics(metrics, adapters);
  for (const adapter of adapters) adapter.mount?.(app);
  // Opened and migrated (the embedded database's thread may still have been at it while the rest was wired up).
  await database.ready;
  const { server, port } = await listen(app, config);

  for (const adapter of adapters) {
    await adapter.start(router);
    log.info({ adapter: adapter.name }, 'adapter started');
  }
  const { dedupe, quotas, imageRecords } = stores;
  const sweeps = () => [dedupe.sweep(), quotas.sweep(), sweepWebhooks(db), imageRecords.sweep()];
  const sweeper = startSweeper(sweeps, log);
  const tuneEvery = config.MOD_TUNE_INTERVAL_HOURS * 3_600_000;
  const tuning = tuneEvery > 0 ? [scheduleTuning(core.tuner, stores.moderation, dedupe, tuneEvery, log)] : [];
  webhooks.sender.start();
  hookJobs.start();
  if (board) preloadConfigured(config, store, board, specs, log);
  phase.ready();
  // What start left to first use, loaded once the server is ready and before a message needs it (detectLanguage
  // would otherwise hold up the first moderated message). A moment later, so it does not hold up readiness checks.
  // Not once draining: a synchronous load in the grace period would hold up the shutdown.
  const warmUp = setTimeout(() => phase.isDraining() || loadLanguageDetector(), WARM_UP_DELAY_MS);
  warmUp.unref();
  const url = localUrl(config.HOST, port);
  const ms = Math.round(performance.now() - started);
  log.info({ url, port, database: database.kind, version: versionLine(), ms }, 'listening');

  const stopping = { config, log, phase, sender: webhooks.sender, router, hookJobs, sweeper, httpInflight, adapters };
  const resources = [...tuning, knowledge, runtime, parsing];
  const shutdown = once((reason) => shutdownServer({ ...stopping, resources, server, database }, reason));
  return { port, url, router, settings: stores.settings, webhookEvents: webhooks.outbox, shutdown };
}
