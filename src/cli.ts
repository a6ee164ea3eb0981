#!/usr/bin/env node
import { type Config, configuredSecrets, loadConfig } from './config.js';
import { prepareEmbeddedTemplate } from './db/client.js';
import { isAppError } from './errors.js';
import { type Logger, processLogger } from './log.js';
import { runModelsCommand } from './runtime/store/cli.js';
import { versionLine } from './version.js';

const USAGE = `Usage: omb <command>

Commands:
  start      run the server (default); --role all|gateway|worker (see README: Deployment)
  migrate    apply database migrations and exit
  models     pull, list, verify or update models (omb models --help)
  keys       create, list or revoke tenants' API keys (omb keys --help)
  doctor     check the configuration and everything it points at; --json for machines
  discord    discord invite: the link that adds the bot to a server, with the permissions the skills need
  slack      slack manifest: the Slack app manifest for these skills
  ingest     add files, folders or URLs to a knowledge collection (omb ingest --help)
  prepare    prepare the embedded database template (npm install runs this)
  version    the version and the commit it was built from (also --version)

Configuration comes from the environment (and CONFIG_FILE); see README.md.`;

async function main(argv: string[]): Promise<number> {
  // Only the command is read here: each command parses its own options (`models pull --update`, `ingest -c …`).
  const command = argv[0] ?? 'start';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'version' || command === '--version' || command === '-v') {
    process.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  // Imported only now: --version and help answer without loading every adapter, skill and runtime.
  const app = await import('./main.js');
  if (command === 'doctor') return app.doctor(argv.slice(1), process.env);
  if (command === 'prepare') {
    process.stdout.write(`embedded database template: ${await prepareEmbeddedTemplate()}\n`);
    return 0;
  }
  // `start --role worker` is ROLE=worker.
  const role = argv[0] === 'start' ? roleFlag(argv.slice(1)) : undefined;
  const config = loadConfig(role ? { ...process.env, ROLE: role } : process.env);
  const log = processLogger(config.LOG_LEVEL, config.LOG_FORMAT, { secrets: configuredSecrets(config) });
  switch (command) {
    case 'start':
      await start(app, config, log);
      return -1; // keeps running until a signal
    case 'migrate':
      await app.migrateDatabase(config, log);
      await flush(log);
      return 0;
    case 'ingest': {
      const code = await app.ingest(argv.slice(1), config, log);
      await flush(log);
      return code;
    }
    case 'keys': {
      const code = await app.keys(argv.slice(1), config, log);
      await flush(log);
      return code;
    }
    case 'discord':
    case 'slack': {
      const code = await app.setup([command, ...argv.slice(1)], config, log);
      await flush(log);
      return code;
    }
    case 'models': {
      const code = await runModelsCommand(argv.slice(1), config, log);
      await flush(log);
      return code;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

function roleFlag(args: string[]): string | undefined {
  const at = args.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (at < 0) return undefined;
  const arg = args[at] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[at + 1] ?? '');
}

async function start(app: typeof import('./main.js'), config: Config, log: Logger): Promise<void> {
  const server =
    config.ROLE === 'worker' ? await app.startWorker(config, { log }) : await app.startServer(config, { log });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    server
      .shutdown(signal)
      .then(() => flush(log))
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.fatal({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

function flush(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (isAppError(error) && error.code === 'config_invalid') {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
