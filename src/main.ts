import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Adapter } from './adapters/adapter.js';
import { PLATFORM_STATES, type PlatformStatus } from './adapters/connection.js';
import { DiscordGatewayAdapter } from './adapters/discord/gateway.js';
import { DiscordInteractionsAdapter } from './adapters/discord/interactions.js';
import { createHttpApp } from './adapters/http/app.js';
import { runSetupCommand } from './adapters/setup-cli.js';
import { SlackAdapter } from './adapters/slack/adapter.js';
import { leftoverSpots, sweepLeftovers } from './adapters/temp-sweep.js';
import { type Config, type Env, loadConfig } from './config.js';
import { InflightTracker } from './core/inflight.js';
import { SerialQueues } from './core/ordering.js';
import type { Reply } from './core/reply.js';
import { Router } from './core/router.js';
import { SkillRunner } from './core/run-skill.js';
import type { WebhookEvents } from './core/webhook-events.js';
import { type Database, detachedDatabase, openDatabase } from './db/client.js';
import { databaseUnreachable } from './db/unreachable.js';
import { type DoctorReport, renderReport, runDoctor } from './doctor/index.js';
import { isAppError } from './errors.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { FetchUrlOptions } from './net/fetch-url.js';
import { type Parsing, parsingFromConfig } from './parse/index.js';
import { poolEmbedder } from './retrieval/embedder.js';
import { type OpenedKnowledgeBase, runIngestCommand } from './retrieval/ingest-cli.js';
import { type Embed, KnowledgeBase } from './retrieval/knowledge-base.js';
import { modelCatalog } from './runtime/catalog.js';
import { configuredModels } from './runtime/manifest.js';
import type { ModelSpec } from './runtime/models.js';
import { WorkerPool } from './runtime/pool.js';
import { QueueRuntime } from './runtime/queue/queue-runtime.js';
import { startInferenceWorker } from './runtime/queue/queue-worker.js';
import { LocalRuntime, type Runtime } from './runtime/runtime.js';
import { safetyModelSpec } from './runtime/safety-model.js';
import { ModelBoard, preloadModels } from './runtime/store/model-board.js';
import { type ModelStore, storeFromConfig } from './runtime/store/model-store.js';
import { defaultPoolSizing } from './runtime/worker-thread.js';
import { DEFAULT_FLAGGED_LABELS, FLAGGED_POLICIES } from './skills/imagine/safety.js';
import { createSkills } from './skills/index.js';
import type { AnySkill } from './skills/skill.js';
import { DbAnswerStore } from './store/answer-store.js';
import { DbApiKeys } from './store/api-keys.js';
import { Audit } from './store/audit.js';
import { AutoTranscribeSetting } from './store/auto-transcribe.js';
import { ChoiceSetting } from './store/choice-setting.js';
import { DbDailyCounter } from './store/daily-counter.js';
import { EventDedupe } from './store/dedupe.js';
import { DbImageRecords } from './store/image-records.js';
import { runKeysCommand } from './store/keys-cli.js';
import { DbModerationStore } from './store/moderation-store.js';
import { Quotas } from './store/quotas.js';
import { Settings } from './store/settings.js';
import { DbTranscriptCache } from './store/transcript-cache.js';
import { buildInfo, versionLine } from './version.js';
import { DbHookJobs } from './webhooks/hook-jobs.js';
import { HookJobRunner } from './webhooks/hook-runner.js';
import { DbInboundHooks } from './webhooks/inbound-hooks.js';
import { outboundWebhooks } from './webhooks/outbound-sender.js';
import { sweepWebhooks } from './webhooks/retention.js';

/**
 * The only place that wires things: config → db → skills → core → http → adapters. Everything else receives
 * what it needs through its constructor.
 */
export interface StartOptions {
  log: Logger;
  /** Adapters beyond those the configuration enables (tests pass fakes here). */
  adapters?: readonly Adapter[];
  /** Skills beyond the built-in table (tests add slow or failing skills here). */
  extraSkills?: readonly AnySkill[];
  /** What time it is for the mod-log (case dates, warning points expiring); tests move it instead of waiting. */
  clock?: () => Date;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly router: Router;
  readonly settings: Settings;
  /** The webhook outbox: events emitted here go to the tenant's subscribed endpoints. */
  readonly webhookEvents: WebhookEvents;
  /** Stops taking work, lets in-flight work finish within SHUTDOWN_GRACE_MS, then closes everything. */
  shutdown(reason: string): Promise<void>;
}

/**
 * ROLE=worker: this process's inference pool taking jobs from Redis, with /healthz, /readyz and /metrics on PORT.
 * SIGTERM drains: no new jobs, running ones finish, then the pool closes.
 */
export async function startWorker(
  config: Config,
  { log }: { log: Logger },
): Promise<Omit<RunningServer, 'router' | 'settings' | 'webhookEvents'>> {
  if (!config.REDIS_URL) throw new Error('ROLE=worker needs REDIS_URL');
  await sweepLeftovers(leftoverSpots(config), log);
  const metrics = createMetrics();
  const runtime = new LocalRuntime(storeFromConfig(config, log), createPool(config, log, metrics));
  const jobs = startInferenceWorker(runtime, {
    redisUrl: config.REDIS_URL,
    queueName: config.RUNTIME_QUEUE_NAME,
    log,
    concurrency: config.RUNTIME_MAX_BATCH,
    lockMs: config.RUNTIME_QUEUE_LOCK_MS,
  });
  let draining = false;
  const app = new Hono();
  const { version, commit } = buildInfo();
  app.get('/healthz', (c) => c.json({ status: 'ok', role: 'worker', version, commit: commit ?? null }));
  app.get('/readyz', (c) => (draining ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ready' })));
  app.get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, role: 'worker', queue: config.RUNTIME_QUEUE_NAME }, 'listening');
  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    shutdown(reason) {
      stopping ??= (async () => {
        log.info({ reason }, 'worker draining');
        draining = true;
        await jobs.close();
        await runtime.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopping;
    },
  };
}

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Runs a slow inbound-hook job may take before it ends with `hook.failed` (each cut off by a restart). */
const HOOK_JOB_ATTEMPTS = 3;
/** After the grace period, how long responses already produced get to reach their clients. */
const CLOSE_CONNECTIONS_MS = 2000;

export async function migrateDatabase(config: Config, log: Logger): Promise<void> {
  const database = await openDatabase({ url: config.DATABASE_URL, embeddedDir: config.embeddedDbDir });
  try {
    await database.migrate();
    log.info({ database: database.kind }, 'migrations applied');
  } finally {
    await database.close();
  }
}

/**
 * `omb doctor [--json]`: the checklist on stdout; exit 0 only when nothing failed. A configuration that does not
 * parse is the first failed check rather than a crash.
 */
export async function doctor(args: string[], env: Env): Promise<number> {
  const json = args.includes('--json');
  let report: DoctorReport;
  try {
    const config = loadConfig(env);
    report = await runDoctor(config, createLogger('silent'));
  } catch (error) {
    if (!isAppError(error) || error.code !== 'config_invalid') throw error;
    const fix = 'correct the variables listed (README: Configuration)';
    report = { ok: false, checks: [{ name: 'configuration', status: 'failed', detail: error.message, fix }] };
  }
  process.stdout.write(`${json ? JSON.stringify(report, null, 2) : renderReport(report)}\n`);
  return report.ok ? 0 : 1;
}

/** `omb keys …`: tenants' API keys, on the configured database (migrated first). */
export async function keys(args: string[], config: Config, log: Logger): Promise<number> {
  const database = await openDatabase({ url: config.DATABASE_URL, embeddedDir: config.embeddedDbDir });
  try {
    await database.migrate();
    return await runKeysCommand(args, new DbApiKeys(database.db));
  } catch (error) {
    if (!isAppError(error)) throw error;
    log.error({ code: error.code }, error.message);
    process.stderr.write(`${error.message}\n`);
    return 2;
  } finally {
    await database.close();
  }
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
    fetching: fetchingOf(config),
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
function skillTable(
  config: Config,
  db: Database['db'],
  store: ModelStore,
  runtime: Runtime,
  parsing: Parsing,
  options: Pick<StartOptions, 'clock' | 'extraSkills'>,
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

/**
 * `omb discord invite` and `omb slack manifest`: what to paste into the platforms, made from this server's skills
 * (built as the server builds them; nothing runs a model).
 */
export async function setup(args: string[], config: Config, log: Logger): Promise<number> {
  const database = detachedDatabase();
  const store = storeFromConfig(config, log);
  const runtime = new LocalRuntime(store, createPool(config, log, createMetrics()));
  const parsing = parsingFromConfig(config, log);
  try {
    const { skills } = skillTable(config, database.db, store, runtime, parsing, {});
    return await runSetupCommand(args, skills, config);
  } finally {
    await parsing.close();
    await runtime.close();
    await database.close();
  }
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  const started = performance.now();
  await sweepLeftovers(leftoverSpots(config), log);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    embeddedDir: config.embeddedDbDir,
    onPoolError: (err) => log.error({ err }, 'database pool error'),
  });
  await database.migrate();
  const { db } = database;

  const metrics = createMetrics();
  const store = storeFromConfig(config, log);
  // A gateway sends inference to worker processes through Redis; otherwise this process runs it.
  const pool = config.ROLE === 'gateway' && config.REDIS_URL ? undefined : createPool(config, log, metrics);
  const runtime: Runtime = pool
    ? new LocalRuntime(store, pool)
    : new QueueRuntime({
        redisUrl: config.REDIS_URL ?? '',
        queueName: config.RUNTIME_QUEUE_NAME,
        log,
        waitMs: config.RUNTIME_TIMEOUT_MS * 5,
      });
  const webhooks = outboundWebhooks(db, config, log);
  // Audio, documents and uploads are parsed in workers of their own, apart from inference.
  const parsing = parsingFromConfig(config, log);
  const { skills, settings, knowledge, imageRecords, specs } = skillTable(config, db, store, runtime, parsing, options);
  // Models live where inference runs: this process's pool (a gateway's are the workers' business).
  const board = pool && modelBoard(store, specs, pool, metrics);
  const quotas = new Quotas(db);
  const dedupe = new EventDedupe(db, config.DEDUPE_TTL_SEC, config.EVENT_LEASE_SEC);
  const runner = new SkillRunner(
    skills,
    { settings, quotas, audit: new Audit(db), metrics, log, events: webhooks.outbox, unreachable: databaseUnreachable },
    { userPerMinute: config.QUOTA_USER_PER_MINUTE, channelPerMinute: config.QUOTA_CHANNEL_PER_MINUTE },
  );
  const router = new Router({
    runner,
    skills,
    dedupe,
    queues: new SerialQueues(),
    metrics,
    log,
    deferAfterMs: config.DEFER_AFTER_MS,
    unreachable: databaseUnreachable,
  });

  let phase: 'starting' | 'ready' | 'draining' = 'starting';
  const httpInflight = new InflightTracker();
  const inboundHooks = new DbInboundHooks(db);
  const postToPlatform = (platform: string, channelId: string, reply: Reply) =>
    adapters.find((a) => a.name === platform)?.post?.(channelId, reply);
  // Slow inbound-hook runs are stored jobs; shutdown waits for them like for requests (they are the rest of one).
  const hookJobs = new HookJobRunner({
    jobs: new DbHookJobs(db, webhooks.outbox, config.EVENT_LEASE_SEC),
    hooks: inboundHooks,
    runner,
    post: postToPlatform,
    log,
    inflight: httpInflight,
    pollMs: config.WEBHOOK_POLL_MS,
    maxAttempts: HOOK_JOB_ATTEMPTS,
  });
  const app = createHttpApp({
    log,
    metrics,
    runner,
    skills,
    apiKeys: config.API_KEYS,
    keys: new DbApiKeys(db),
    doctor: () => runDoctor(config, log, database),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    uploadLimitBytes: config.KB_FETCH_MAX_BYTES,
    audioLimitBytes: config.TRANSCRIBE_MAX_BYTES,
    readForm: parsing.readForm,
    inflight: httpInflight,
    isReady: () => phase === 'ready',
    isDraining: () => phase === 'draining',
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
      platforms: () => adapters.flatMap((a) => (a.post ? [a.name] : [])),
      post: postToPlatform,
      channelTenant: async (platform, channelId) =>
        adapters.find((a) => a.name === platform)?.tenantOf?.(channelId) ?? undefined,
    },
  });
  const adapters = [...platformAdapters(config, log, metrics), ...(options.adapters ?? [])];
  platformMetrics(metrics, adapters);
  for (const adapter of adapters) adapter.mount?.(app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  for (const adapter of adapters) {
    await adapter.start(router);
    log.info({ adapter: adapter.name }, 'adapter started');
  }

  const sweeper = setInterval(() => {
    Promise.all([dedupe.sweep(), quotas.sweep(), sweepWebhooks(db), imageRecords.sweep()]).catch((err: unknown) =>
      log.warn({ err }, 'sweep failed'),
    );
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  webhooks.sender.start();
  hookJobs.start();
  if (board && config.MODELS_PRELOAD.length) {
    const wanted = config.MODELS_PRELOAD.includes('all')
      ? specs
      : specs.filter((s) => config.MODELS_PRELOAD.includes(s.id));
    void preloadModels(store, board, wanted, log);
  }
  phase = 'ready';
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info(
    { url, port, database: database.kind, version: versionLine(), ms: Math.round(performance.now() - started) },
    'listening',
  );

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      log.info({ reason, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down');
      phase = 'draining';
      const senderStopped = webhooks.sender.stop(config.SHUTDOWN_GRACE_MS);
      router.close();
      hookJobs.stop();
      clearInterval(sweeper);
      const deadline = config.SHUTDOWN_GRACE_MS;
      const [eventsIdle, httpIdle] = await Promise.all([router.idle(deadline), httpInflight.idle(deadline)]);
      if (!eventsIdle || !httpIdle) {
        log.warn({ eventsIdle, httpIdle }, 'grace period over; closing with work in flight');
        // Whoever is still waiting hears that their request was cut off, before the adapters close.
        await router.cutOff();
        // Hook jobs cut short go back to the queue: the next process runs them at once instead of after the lease.
        await hookJobs.releaseRunning();
      }
      for (const adapter of adapters.reverse()) {
        await adapter.stop().catch((err: unknown) => log.error({ err, adapter: adapter.name }, 'adapter stop failed'));
      }
      await knowledge.close();
      await runtime.close();
      await parsing.close();
      await closeServer(server, CLOSE_CONNECTIONS_MS);
      await senderStopped;
      await database.close();
      log.info('stopped');
    })();
    return stopping;
  };

  return { port, url, router, settings, webhookEvents: webhooks.outbox, shutdown };
}

/**
 * Stops listening and waits for open connections to finish sending (responses written after the handler
 * returned), then cuts whatever is left.
 */
function closeServer(server: ReturnType<typeof serve>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

/** What /readyz and /metrics say of each model: missing, pulling n%, verified, loaded. */
function modelBoard(store: ModelStore, specs: readonly ModelSpec[], pool: WorkerPool, metrics: Metrics): ModelBoard {
  const board = new ModelBoard(store, specs, () => new Set(pool.loadedKeys().map((key) => key.split('@')[0] ?? '')));
  metrics.labelledGaugeFrom(
    'models_state',
    'Configured models by state (missing, pulling, verified, loaded, …)',
    'state',
    () => {
      const counts = new Map<string, number>();
      for (const view of Object.values(board.states())) counts.set(view.state, (counts.get(view.state) ?? 0) + 1);
      return counts;
    },
  );
  metrics.labelledGaugeFrom('model_pull_ratio', 'How far each running model download is (0–1)', 'model', () => {
    const pulls = Object.entries(board.states()).filter(([, v]) => v.percent !== undefined);
    return new Map(pulls.map(([id, v]) => [id, (v.done ?? 0) / (v.total ?? 1)]));
  });
  return board;
}

/** The shared inference pool, sized so workers × threads never exceeds the cores unless configured otherwise. */
function createPool(config: Config, log: Logger, metrics: Metrics): WorkerPool {
  const sizing = defaultPoolSizing();
  const workers = config.RUNTIME_WORKERS ?? sizing.workers;
  const pool = new WorkerPool({
    workers,
    threadsPerWorker: config.RUNTIME_THREADS ?? Math.max(1, Math.floor(cpus().length / workers)),
    maxBatch: config.RUNTIME_MAX_BATCH,
    maxWaitMs: config.RUNTIME_BATCH_WAIT_MS,
    maxQueuePerModel: config.RUNTIME_QUEUE_LIMIT,
    runTimeoutMs: config.RUNTIME_TIMEOUT_MS,
    idleUnloadMs: config.RUNTIME_IDLE_UNLOAD_SEC * 1000,
    memoryBudgetBytes: (config.RUNTIME_MEMORY_BUDGET_MB ?? Math.floor(totalmem() / 2 ** 21)) * 2 ** 20,
    log,
    observer: {
      batch(model, size, inferMs) {
        metrics.runtimeBatchSize.observe({ model }, size);
        metrics.runtimeInference.observe({ model }, inferMs / 1000);
      },
      load: (model) => metrics.runtimeLoads.inc({ model }),
      unload: (model) => metrics.runtimeUnloads.inc({ model }),
    },
  });
  metrics.labelledGaugeFrom('runtime_queue_depth', 'Inference requests waiting, by model', 'model', () =>
    pool.queueDepths(),
  );
  return pool;
}

/** The knowledge base opens on first use (most servers start without asking it anything). */
function lazyKnowledgeBase(uri: string, embed: Embed, readConsistencySec: number) {
  let opened: Promise<KnowledgeBase> | undefined;
  return {
    open: () => {
      opened ??= KnowledgeBase.open(uri, embed, {}, readConsistencySec);
      opened.catch(() => {
        opened = undefined;
      });
      return opened;
    },
    close: async () => (await opened?.catch(() => undefined))?.close(),
  };
}

/** `omb ingest`: the knowledge base with its own embedding pool, outside a running server. */
export async function ingest(args: string[], config: Config, log: Logger): Promise<number> {
  const open = async (): Promise<OpenedKnowledgeBase> => {
    const runtime = new LocalRuntime(storeFromConfig(config, log), createPool(config, log, createMetrics()));
    const parsing = parsingFromConfig(config, log);
    const kb = await KnowledgeBase.open(
      config.lancedbUri,
      poolEmbedder(runtime, configuredModels(config.modelOverrides).embeddings),
    );
    return {
      kb,
      extract: parsing.extractDocument,
      close: async () => {
        await kb.close();
        await runtime.close();
        await parsing.close();
      },
    };
  };
  return runIngestCommand(args, open, fetchingOf(config));
}

function fetchingOf(config: Config): FetchUrlOptions {
  return {
    allowHosts: config.KB_FETCH_ALLOW_HOSTS,
    maxBytes: config.KB_FETCH_MAX_BYTES,
    timeoutMs: config.KB_FETCH_TIMEOUT_MS,
  };
}

/** The connection of each adapter that holds one (Discord gateway, Slack), by adapter name. */
function platformStatuses(adapters: readonly Adapter[]): Record<string, PlatformStatus> {
  return Object.fromEntries(adapters.flatMap((a) => (a.status ? [[a.name, a.status()]] : [])));
}

/** `platform_connected{platform}` (1 when ready) and `platform_connection_state{platform,state}` (1 for the current). */
function platformMetrics(metrics: Metrics, adapters: readonly Adapter[]): void {
  const statuses = () => Object.entries(platformStatuses(adapters));
  metrics.labelledSeriesFrom(
    'platform_connected',
    'Whether the connection to the platform (Discord gateway, Slack) is up: 1 ready, 0 otherwise',
    ['platform'],
    () => statuses().map(([platform, s]) => ({ labels: { platform }, value: s.state === 'ready' ? 1 : 0 })),
  );
  metrics.labelledSeriesFrom(
    'platform_connection_state',
    `The platform connection's state, one series per state (${PLATFORM_STATES.join(', ')}); 1 marks the current`,
    ['platform', 'state'],
    () =>
      statuses().flatMap(([platform, s]) =>
        PLATFORM_STATES.map((state) => ({ labels: { platform, state }, value: s.state === state ? 1 : 0 })),
      ),
  );
}

/** The adapters the configuration enables: a platform whose credentials are unset is simply not started. */
function platformAdapters(config: Config, log: Logger, metrics: Metrics): Adapter[] {
  const adapters: Adapter[] = [];
  if (config.DISCORD_TOKEN) {
    adapters.push(
      new DiscordGatewayAdapter({
        token: config.DISCORD_TOKEN,
        appId: config.DISCORD_APP_ID,
        apiUrl: config.DISCORD_API_URL,
        commandGuildId: config.DISCORD_COMMAND_GUILD_ID,
        shards: config.DISCORD_SHARD_IDS,
        shardCount: config.DISCORD_SHARD_COUNT,
        log,
        metrics,
      }),
    );
  }
  if (config.DISCORD_APP_ID && config.DISCORD_PUBLIC_KEY) {
    adapters.push(
      new DiscordInteractionsAdapter({
        appId: config.DISCORD_APP_ID,
        publicKeyHex: config.DISCORD_PUBLIC_KEY,
        apiUrl: config.DISCORD_API_URL,
        botToken: config.DISCORD_TOKEN,
        bodyLimitBytes: config.BODY_LIMIT_BYTES,
        log,
      }),
    );
  }
  if (config.SLACK_BOT_TOKEN) {
    if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
      log.warn('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode)');
    } else {
      adapters.push(
        new SlackAdapter({
          botToken: config.SLACK_BOT_TOKEN,
          signingSecret: config.SLACK_SIGNING_SECRET,
          appToken: config.SLACK_APP_TOKEN,
          apiUrl: config.SLACK_API_URL,
          timeoutMs: config.SLACK_API_TIMEOUT_MS,
          bodyLimitBytes: config.BODY_LIMIT_BYTES,
          log,
        }),
      );
    }
  }
  return adapters;
}
