import { rmSync } from 'node:fs';
import type { Adapter } from '../../src/adapters/adapter.js';
import type { PlatformStatus } from '../../src/adapters/connection.js';
import { type Env, loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/main.js';
import type { AnySkill } from '../../src/skills/skill.js';
import { tempDir } from './db.js';
import { type CapturedLogs, captureLogs } from './logs.js';

export interface TestServer extends RunningServer, CapturedLogs {
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A whole server in this process on an ephemeral port and a fresh embedded database. The Discord gateway connects in
 * the background; unless `waitForDiscord` is false this resolves once /readyz says it is ready, as tests expect.
 */
export async function startTestServer(
  options: {
    env?: Env;
    adapters?: Adapter[];
    extraSkills?: AnySkill[];
    clock?: () => Date;
    waitForDiscord?: boolean;
  } = {},
): Promise<TestServer> {
  const dataDir = tempDir();
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...options.env });
  const logs = captureLogs();
  const server = await startServer(config, {
    log: logs.log,
    adapters: options.adapters ?? [],
    extraSkills: options.extraSkills ?? [],
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const test = Object.assign(server, logs, {
    dataDir,
    async close() {
      await server.shutdown('test done');
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  if (options.waitForDiscord !== false) await discordReady(test);
  return test;
}

/** What /readyz says about a platform connection (undefined when the server has no such adapter). */
export async function platformStatus(server: { url: string }, platform: string): Promise<PlatformStatus | undefined> {
  const body = (await (await fetch(`${server.url}/readyz`)).json()) as { platforms?: Record<string, PlatformStatus> };
  return body.platforms?.[platform];
}

async function discordReady(server: TestServer, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await platformStatus(server, 'discord');
    if (!status || status.state === 'ready') return;
    if (status.state === 'fatal' || Date.now() > deadline) {
      await server.close();
      throw new Error(`the Discord adapter did not connect: ${JSON.stringify(status)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A test server's environment on the fixture models in `modelsDir`: offline, one inference worker, API key "k". */
export function fixtureEnv(modelsDir: string, env: Env = {}): Env {
  // No scheduled retraining of tuned moderation heads: tests train them when they mean to.
  return {
    MODELS_DIR: modelsDir,
    MODELS_OFFLINE: '1',
    API_KEYS: 'k',
    RUNTIME_WORKERS: '1',
    MOD_TUNE_INTERVAL_HOURS: '0',
    ...env,
  };
}

/** fixtureEnv plus a Discord bot on a fake Discord (test/fakes/fake-discord): its token, app id and REST address. */
export function discordFixtureEnv(discord: { apiUrl: string }, modelsDir: string, env: Env = {}): Env {
  return fixtureEnv(modelsDir, {
    DISCORD_TOKEN: 'fake-token',
    DISCORD_APP_ID: 'app1',
    DISCORD_API_URL: discord.apiUrl,
    ...env,
  });
}

/** POSTs `body` as JSON to the server's API with the key fixtureEnv sets. */
export function postJson(server: { url: string }, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
