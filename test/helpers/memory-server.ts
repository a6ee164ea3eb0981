import { rmSync } from 'node:fs';
import type { Adapter } from '../../src/adapters/adapter.js';
import { inferenceOf } from '../../src/app/inference.js';
import { listen, localUrl, phases } from '../../src/app/lifecycle.js';
import { type AppParts, appCore, appHttp } from '../../src/app/wiring.js';
import { type Env, loadConfig } from '../../src/config.js';
import { InflightTracker } from '../../src/core/inflight.js';
import type { Router } from '../../src/core/router.js';
import type { WebhookEvents, WebhookEventType } from '../../src/core/webhook-events.js';
import { createMetrics } from '../../src/metrics.js';
import { parsingFromConfig } from '../../src/parse/index.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { AnySkill } from '../../src/skills/skill.js';
import { type MemoryStores, memoryStores } from '../../src/store/memory/index.js';
import { tempDir } from './db.js';
import { type CapturedLogs, captureLogs } from './logs.js';

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
  /** The runtime the skills run on (tests compute what a skill should answer on the same models). */
  runtime: Runtime;
  events: RecordedEvents;
  close(): Promise<void>;
}

/**
 * The skills, the core and the HTTP API wired as the server wires them (src/app/wiring.ts), on the memory stores:
 * no database, no outbound webhooks (emitted events are recorded in `events`), no platform adapters but the ones
 * passed. Real inference on the models under MODELS_DIR, real LanceDB and parse pool. For skill tests; storage,
 * migration and end-to-end tests start the whole server (startTestServer).
 */
export async function startMemoryServer(
  options: {
    env?: Env;
    adapters?: Adapter[];
    extraSkills?: AnySkill[];
    clock?: () => Date;
    /** The other stores' time in ms (quota windows, dedupe): a test fixes it to stay inside one window. */
    now?: () => number;
  } = {},
): Promise<MemoryServer> {
  const dataDir = tempDir();
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...options.env });
  const logs = captureLogs();
  const { log } = logs;
  const metrics = createMetrics();
  const { store, runtime } = await inferenceOf(config, log, metrics);
  const parsing = parsingFromConfig(config, log);
  const stores = memoryStores({
    dedupeTtlSec: config.DEDUPE_TTL_SEC,
    leaseSec: config.EVENT_LEASE_SEC,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const events = new RecordedEvents();
  const parts: AppParts = { stores, store, runtime, parsing, metrics, log, events };
  const core = appCore(config, parts, { extraSkills: options.extraSkills });
  const { router, knowledge } = core;
  const phase = phases();
  const inflight = new InflightTracker();
  const app = appHttp(config, core, parts, { inflight, isReady: phase.isReady, isDraining: phase.isDraining });
  const adapters = options.adapters ?? [];
  for (const adapter of adapters) adapter.mount?.(app);
  const { server, port } = await listen(app, config);
  for (const adapter of adapters) await adapter.start(router);
  phase.ready();

  return {
    ...logs,
    url: localUrl(config.HOST, port),
    router,
    stores,
    runtime,
    events,
    async close() {
      // The server's shutdown order: stop taking work, let it finish, then adapters, models, parsers, HTTP.
      phase.drain();
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
