import { runSetupCommand } from '../adapters/setup-cli.js';
import { type Config, type Env, loadConfig } from '../config.js';
import { detachedDatabase, openDatabase } from '../db/client.js';
import { type DoctorReport, renderReport, runDoctor } from '../doctor/index.js';
import { isAppError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { parsingFromConfig } from '../parse/index.js';
import { poolFromConfig } from '../runtime/pool-sizing.js';
import { LocalRuntime } from '../runtime/runtime.js';
import { storeFromConfig } from '../runtime/store/model-store.js';
import { skillTable } from './skills.js';
import { databaseStores } from './stores.js';

/** `omb migrate`: the configured database brought up to date. */
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

/**
 * `omb discord invite` and `omb slack manifest`: what to paste into the platforms, made from this server's skills
 * (built as the server builds them; nothing runs a model).
 */
export async function setup(args: string[], config: Config, log: Logger): Promise<number> {
  const database = detachedDatabase();
  const store = storeFromConfig(config, log);
  const runtime = new LocalRuntime(store, poolFromConfig(config, log));
  const parsing = parsingFromConfig(config, log);
  try {
    const { skills } = skillTable(config, databaseStores(database.db, config), store, runtime, parsing, {});
    return await runSetupCommand(args, skills, config);
  } finally {
    await parsing.close();
    await runtime.close();
    await database.close();
  }
}
