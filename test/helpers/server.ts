import { rmSync } from 'node:fs';
import type { Adapter } from '../../src/adapters/adapter.js';
import { type Env, loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/main.js';
import type { AnySkill } from '../../src/skills/skill.js';
import { tempDir } from './db.js';
import { type CapturedLogs, captureLogs } from './logs.js';

export interface TestServer extends RunningServer, CapturedLogs {
  dataDir: string;
  close(): Promise<void>;
}

/** A whole server in this process on an ephemeral port and a fresh embedded database. */
export async function startTestServer(
  options: { env?: Env; adapters?: Adapter[]; extraSkills?: AnySkill[]; clock?: () => Date } = {},
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
  return Object.assign(server, logs, {
    dataDir,
    async close() {
      await server.shutdown('test done');
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A test server's environment on the fixture models in `modelsDir`: offline, one inference worker, API key "k". */
export function fixtureEnv(modelsDir: string, env: Env = {}): Env {
  return { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', API_KEYS: 'k', RUNTIME_WORKERS: '1', ...env };
}

/** POSTs `body` as JSON to the server's API with the key fixtureEnv sets. */
export function postJson(server: { url: string }, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
