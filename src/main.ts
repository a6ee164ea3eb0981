/**
 * The application's one entry (src/cli.ts answers help and --version before loading it): parse the configuration
 * once, pick the command and, for `start`, the role, and call into src/app, where the wiring lives, split by
 * concern: server.ts (ROLE=all or gateway), worker.ts (ROLE=worker), lifecycle.ts (start phases, shutdown order).
 */
import type { RunningServer, StartOptions } from './app/server.js';
import { type Config, configuredSecrets, loadConfig } from './config.js';
import type { Database } from './db/client.js';
import { type Logger, processLogger } from './log.js';

export type { RunningServer, StartOptions } from './app/server.js';

type Command = (args: string[], config: Config, log: Logger) => Promise<number>;

/*
 * Each command's code is imported when it runs: `start` (the one that must be quick, see the cold-start benchmark)
 * then loads neither the command-line tools nor the Discord and Slack setup code and their libraries.
 */
const commands = () => import('./app/commands.js');

/** The commands that run on the configuration and end with an exit code (`start` keeps running instead). */
const COMMANDS = new Map<string, Command>([
  [
    'migrate',
    async (_args, config, log) => {
      await (await commands()).migrateDatabase(config, log);
      return 0;
    },
  ],
  [
    'models',
    async (args, config, log) =>
      // The bias probe needs the skills' templates: it lives with the wiring, the rest with the model store.
      args[0] === 'audit'
        ? (await import('./app/audit-cli.js')).auditCommand(args.slice(1), config, log)
        : (await import('./runtime/store/cli.js')).runModelsCommand(args, config, log),
  ],
  ['keys', async (args, config, log) => (await import('./store/keys-cli.js')).keysCommand(args, config, log)],
  [
    'ingest',
    async (args, config, log) => {
      const [{ ingestCommand }, { parsingFromConfig }] = await Promise.all([
        import('./retrieval/ingest-cli.js'),
        import('./parse/index.js'),
      ]);
      return ingestCommand(args, config, log, () => parsingFromConfig(config, log));
    },
  ],
  ['discord', async (args, config, log) => (await commands()).setup(['discord', ...args], config, log)],
  ['slack', async (args, config, log) => (await commands()).setup(['slack', ...args], config, log)],
]);

/** ROLE=all or gateway: the server (see src/app/server.ts). */
export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  return (await import('./app/server.js')).startServer(config, options);
}

/** ROLE=worker: this process's pool taking jobs from Redis (imported only then: BullMQ and Redis come with it). */
export async function startWorker(...args: Parameters<typeof import('./app/worker.js').startWorker>) {
  return (await import('./app/worker.js')).startWorker(...args);
}

/**
 * Runs `command` with its own arguments: the exit code, -1 for a server that keeps running until a signal, or
 * undefined for a command there is none of.
 */
export async function run(command: string, args: string[]): Promise<number | undefined> {
  // Doctor reports a configuration that does not parse; prepare needs none.
  if (command === 'doctor') return (await commands()).doctor(args, process.env);
  if (command === 'prepare') {
    const { prepareEmbeddedTemplate } = await import('./db/client.js');
    process.stdout.write(`embedded database template: ${await prepareEmbeddedTemplate()}\n`);
    return 0;
  }
  // `start --role worker` is ROLE=worker.
  const role = command === 'start' ? roleFlag(args) : undefined;
  const config = loadConfig(role ? { ...process.env, ROLE: role } : process.env);
  const log = processLogger(config.LOG_LEVEL, config.LOG_FORMAT, { secrets: configuredSecrets(config) });
  if (command === 'start') {
    // Imported while the server starts: in the bundle this import reads a file of its own, which must not come
    // between 'listening' and the signal handlers (a SIGTERM right after 'listening' drains).
    const lifecycle = import('./app/lifecycle.js');
    const running =
      config.ROLE === 'worker'
        ? await startWorker(config, { log })
        : await startServer(config, { log, ...(await openDatabaseEarly(config, log)) });
    (await lifecycle).stopOnSignals(running, log);
    return -1;
  }
  const task = COMMANDS.get(command);
  if (!task) return undefined;
  const code = await task(args, config, log);
  await (await import('./app/lifecycle.js')).flush(log);
  return code;
}

/**
 * Starts opening and migrating the server's database before the server's modules are imported: the embedded one
 * starts on a thread of its own (db/pglite-thread.ts) while the main thread imports and links them.
 * Resolves once under way, with the database to come; a failure is kept for startServer to throw where it awaits
 * the database, not reported as unhandled meanwhile.
 */
async function openDatabaseEarly(config: Config, log: Logger): Promise<{ database: Promise<Database> }> {
  const { openServerDatabase } = await import('./app/database.js');
  const database = openServerDatabase(config, log, true);
  database.catch(() => {});
  return { database };
}

function roleFlag(args: string[]): string | undefined {
  const at = args.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (at < 0) return undefined;
  const arg = args[at] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[at + 1] ?? '');
}
