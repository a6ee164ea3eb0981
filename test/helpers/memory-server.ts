import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createHttpApp } from '../../src/adapters/http/app.js';
import { meteredPool } from '../../src/app/inference.js';
import { type Env, loadConfig } from '../../src/config.js';
import { InflightTracker } from '../../src/core/inflight.js';
import { Router } from '../../src/core/router.js';
import { SkillRunner } from '../../src/core/run-skill.js';
import { ThreadOrder } from '../../src/core/thread-order.js';
import type { WebhookEvents, WebhookEventType } from '../../src/core/webhook-events.js';
import { createMetrics } from '../../src/metrics.js';
import { parsingFromConfig } from '../../src/parse/index.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { storeFromConfig } from '../../src/runtime/store/model-store.js';
import type { AnySkill } from '../../src/skills/skill.js';
import type { DbApiKeys } from '../../src/store/api-keys.js';
import { type MemoryStores, memoryStores } from '../../src/store/memory/index.js';
import type { Settings } from '../../src/store/settings.js';
import { tempDir } from './db.js';
import { type CapturedLogs, captureLogs } from './logs.js';
import { memorySkillTable } from './memory-skills.js';

/** The webhook events a run emitted, in order (where the server's outbox would deliver them). */
export class RecordedEvents implements WebhookEvents {
  readonly emitted: { tenantId: string; type: WebhookEventType; data: Record<string, unknown> }[] = [];

  async emit(tenantId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
    this.emitted.push({ tenantId, type, data });
  }

  types(tenantId: string): WebhookEventType[] {
    return this.emitted.flatMap((e) => (e.tenantId === tenantId ? [e.type] : []));
  }
}

export interface MemoryServer extends CapturedLogs {
  url: string;
  router: Router;
  stores: MemoryStores;
  events: RecordedEvents;
  close(): Promise<void>;
}

/**
 * The skills, the core and the HTTP API as the server wires them, on the memory stores: no database, no outbound
 * webhooks (emitted events are recorded in `events`), no platform adapters but the ones passed. Real inference on
 * the models under MODELS_DIR, real LanceDB and parse pool. For skill tests; storage, migration and end-to-end tests
 * start the whole server (startTestServer).
 */
export async function startMemoryServer(
  options: { env?: Env; adapters?: Adapter[]; extraSkills?: AnySkill[]; clock?: () => Date } = {},
): Promise<MemoryServer> {
  const dataDir = tempDir();
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...options.env });
  const logs = captureLogs();
  const { log } = logs;
  const metrics = createMetrics();
  const store = storeFromConfig(config, log);
  const runtime = new LocalRuntime(store, meteredPool(config, log, metrics));
  const parsing = parsingFromConfig(config, log);
  const stores = memoryStores({
    dedupeTtlSec: config.DEDUPE_TTL_SEC,
    leaseSec: config.EVENT_LEASE_SEC,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const { skills, knowledge } = memorySkillTable(config, stores, store, runtime, parsing, options.extraSkills);
  const events = new RecordedEvents();
  // The core and the API name the database classes; the memory stores have their public methods (the store
  // contract checks both alike), so they stand in for them here.
  const settings = stores.settings as unknown as Settings;
  const runner = new SkillRunner(
    skills,
    {
      settings,
      quotas: stores.quotas,
      audit: stores.audit,
      metrics,
      log,
      events,
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
  });
  let phase: 'ready' | 'draining' = 'ready';
  const inflight = new InflightTracker();
  const app = createHttpApp({
    log,
    metrics,
    runner,
    skills,
    apiKeys: config.API_KEYS,
    keys: stores.apiKeys as unknown as DbApiKeys,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    uploadLimitBytes: config.KB_FETCH_MAX_BYTES,
    audioLimitBytes: config.TRANSCRIBE_MAX_BYTES,
    readForm: parsing.readForm,
    inflight,
    isReady: () => phase === 'ready',
    isDraining: () => phase === 'draining',
  });
  const adapters = options.adapters ?? [];
  for (const adapter of adapters) adapter.mount?.(app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  for (const adapter of adapters) await adapter.start(router);

  return {
    ...logs,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    router,
    stores,
    events,
    async close() {
      // The server's shutdown order: stop taking work, let it finish, then adapters, models, parsers, HTTP.
      phase = 'draining';
      router.close();
      await Promise.all([router.idle(config.SHUTDOWN_GRACE_MS), inflight.idle(config.SHUTDOWN_GRACE_MS)]);
      for (const adapter of [...adapters].reverse()) await adapter.stop();
      await knowledge.close();
      await runtime.close();
      await parsing.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
