/**
 * The application's one entry (src/cli.ts answers help and --version before loading it): parse the configuration
 * once, pick the command and, for `start`, the role, and call into src/app, where the wiring lives, split by
 * concern: server.ts (ROLE=all or gateway), worker.ts (ROLE=worker), lifecycle.ts (start phases, shutdown order).
 */
import { doctor, migrateDatabase, setup } from './app/commands.js';
import { flush, stopOnSignals } from './app/lifecycle.js';
import { startServer } from './app/server.js';
import { startWorker } from './app/worker.js';
import { type Config, configuredSecrets, loadConfig } from './config.js';
import { prepareEmbeddedTemplate } from './db/client.js';
import { type Logger, processLogger } from './log.js';
import { parsingFromConfig } from './parse/index.js';
import { ingestCommand } from './retrieval/ingest-cli.js';
import { runModelsCommand } from './runtime/store/cli.js';
import { keysCommand } from './store/keys-cli.js';

export { type RunningServer, type StartOptions, startServer } from './app/server.js';
export { startWorker } from './app/worker.js';

type Command = (args: string[], config: Config, log: Logger) => Promise<number>;

/** The commands that run on the configuration and end with an exit code (`start` keeps running instead). */
const COMMANDS = new Map<string, Command>([
  [
    'migrate',
    async (_args, config, log) => {
      await migrateDatabase(config, log);
      return 0;
    },
  ],
  ['models', runModelsCommand],
  ['keys', keysCommand],
  ['ingest', (args, config, log) => ingestCommand(args, config, log, () => parsingFromConfig(config, log))],
  ['discord', (args, config, log) => setup(['discord', ...args], config, log)],
  ['slack', (args, config, log) => setup(['slack', ...args], config, log)],
]);

/**
 * Runs `command` with its own arguments: the exit code, -1 for a server that keeps running until a signal, or
 * undefined for a command there is none of.
 */
export async function run(command: string, args: string[]): Promise<number | undefined> {
  // Doctor reports a configuration that does not parse; prepare needs none.
  if (command === 'doctor') return doctor(args, process.env);
  if (command === 'prepare') {
    process.stdout.write(`embedded database template: ${await prepareEmbeddedTemplate()}\n`);
    return 0;
  }
  // `start --role worker` is ROLE=worker.
  const role = command === 'start' ? roleFlag(args) : undefined;
  const config = loadConfig(role ? { ...process.env, ROLE: role } : process.env);
  const log = processLogger(config.LOG_LEVEL, config.LOG_FORMAT, { secrets: configuredSecrets(config) });
  if (command === 'start') {
    const running = config.ROLE === 'worker' ? await startWorker(config, { log }) : await startServer(config, { log });
    stopOnSignals(running, log);
    return -1;
  }
  const task = COMMANDS.get(command);
  if (!task) return undefined;
  const code = await task(args, config, log);
  await flush(log);
  return code;
}

function roleFlag(args: string[]): string | undefined {
  const at = args.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (at < 0) return undefined;
  const arg = args[at] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[at + 1] ?? '');
}
