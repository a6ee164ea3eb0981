import { mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/client.js';
import type { Logger } from '../log.js';
import { configuredModels } from '../runtime/manifest.js';
import { storeFromConfig } from '../runtime/store/model-store.js';
import { type CheckResult, failed, fetchWithin, guard, ok, skipped } from './report.js';

const journal = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'migrations',
  'meta',
  '_journal.json',
);
/** Free space below this for DATA_DIR / MODELS_DIR fails: the default models alone take a few GB. */
const MIN_FREE_BYTES = 4 * 1024 ** 3;

/** Reachable, and how many migrations are pending (the server applies them at start). `live`: the server's own. */
export function databaseCheck(config: Config, live?: Database): Promise<CheckResult[]> {
  const where = config.DATABASE_URL ? 'DATABASE_URL' : `the embedded database in ${config.embeddedDbDir}`;
  return guard('database', `check ${where} (for the embedded one: no other process may have it open)`, async () => {
    const database = live ?? (await openDatabase({ url: config.DATABASE_URL, embeddedDir: config.embeddedDbDir }));
    try {
      const known = (JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries.length;
      const applied = await appliedMigrations(database);
      const pending = Math.max(0, known - applied);
      return pending === 0
        ? ok('database', `${database.kind}, reachable, all ${known} migrations applied`)
        : ok(
            'database',
            `${database.kind}, reachable; ${pending} of ${known} migrations pending (applied at start, or omb migrate)`,
          );
    } finally {
      if (!live) await database.close();
    }
  });
}

async function appliedMigrations(database: Database): Promise<number> {
  try {
    const rows = (await database.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    )) as unknown;
    const list = Array.isArray(rows) ? rows : ((rows as { rows?: unknown[] }).rows ?? []);
    return Number((list[0] as { n?: number } | undefined)?.n ?? 0);
  } catch {
    return 0; // a database never migrated has no migrations table
  }
}

export function redisCheck(config: Config): Promise<CheckResult[]> {
  if (!config.REDIS_URL) return Promise.resolve([skipped('redis', 'REDIS_URL is not set: jobs run in this process')]);
  return guard('redis', 'check REDIS_URL and that Redis is running', async () => {
    const redis = new Redis(config.REDIS_URL as string, {
      lazyConnect: true,
      connectTimeout: 5000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => {});
    try {
      await redis.connect();
      const pong = await redis.ping();
      return ok('redis', `reachable (${pong})`);
    } finally {
      redis.disconnect();
    }
  });
}

/** DATA_DIR and MODELS_DIR exist (or can be made), take writes, and have room. */
export function directoryChecks(config: Config): CheckResult[] {
  const dirs = [
    ['DATA_DIR', config.dataDir],
    ['MODELS_DIR', config.modelsDir],
  ] as const;
  return dirs.map(([name, dir]) => {
    try {
      mkdirSync(dir, { recursive: true });
      const probe = path.join(dir, `.omb-doctor-${process.pid}`);
      writeFileSync(probe, 'ok');
      rmSync(probe, { force: true });
      const { bavail, bsize } = statfsSync(dir);
      const free = bavail * bsize;
      const gb = (free / 1024 ** 3).toFixed(1);
      return free < MIN_FREE_BYTES
        ? failed(name, `${dir} has only ${gb} GB free`, `free some space, or point ${name} at a bigger disk`)
        : ok(name, `${dir} is writable, ${gb} GB free`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failed(name, `${dir} is not writable: ${reason}`, `make ${dir} writable by this user, or set ${name}`);
    }
  });
}

/** Offline: every model present and verified. Online: the Hub (or mirror) answers. */
export async function modelChecks(config: Config, log: Logger): Promise<CheckResult[]> {
  const models = Object.values(configuredModels(config.modelOverrides, config.precision));
  if (config.MODELS_OFFLINE) {
    const store = storeFromConfig(config, log);
    const missing = models.filter((m) => store.status(m) !== 'ready').map((m) => m.repo);
    return [
      missing.length
        ? failed(
            'models',
            `offline, and not present or not verified: ${missing.join(', ')}`,
            'run omb models pull on a machine with access to the Hub and copy MODELS_DIR, or unset MODELS_OFFLINE',
          )
        : ok('models', `offline; all ${models.length} models present and verified`),
    ];
  }
  const first = models[0];
  if (!first) return [skipped('models', 'no models configured')];
  return guard(
    'hub',
    `check that ${config.HF_ENDPOINT} is reachable (HF_ENDPOINT), or set MODELS_OFFLINE=1 with models pulled elsewhere`,
    async () => {
      const headers = config.HF_TOKEN ? { authorization: `Bearer ${config.HF_TOKEN}` } : undefined;
      const res = await fetchWithin(
        `${config.HF_ENDPOINT.replace(/\/$/, '')}/${first.repo}/resolve/${first.revision}/config.json`,
        {
          method: 'HEAD',
          ...(headers ? { headers } : {}),
        },
      );
      return res.status < 500
        ? ok('hub', `${config.HF_ENDPOINT} answers (${res.status} for ${first.repo})`)
        : failed(
            'hub',
            `${config.HF_ENDPOINT} answered ${res.status}`,
            'try again later, or use a mirror (HF_ENDPOINT)',
          );
    },
  );
}

/** The HTTP port is free (not for a running server: it holds it). */
export async function portCheck(config: Config): Promise<CheckResult> {
  if (config.PORT === 0) return skipped('port', 'PORT=0: a free port is picked at start');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        failed(
          'port',
          `${config.HOST}:${config.PORT} is taken (${error.code ?? error.message})`,
          'stop what uses it, or set PORT',
        ),
      ),
    );
    server.listen(config.PORT, config.HOST, () =>
      server.close(() => resolve(ok('port', `${config.HOST}:${config.PORT} is free`))),
    );
  });
}
