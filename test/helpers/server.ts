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
  options: { env?: Env; adapters?: Adapter[]; extraSkills?: AnySkill[] } = {},
): Promise<TestServer> {
  const dataDir = tempDir();
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...options.env });
  const logs = captureLogs();
  const server = await startServer(config, {
    log: logs.log,
    adapters: options.adapters ?? [],
    extraSkills: options.extraSkills ?? [],
  });
  return Object.assign(server, logs, {
    dataDir,
    async close() {
      await server.shutdown('test done');
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
