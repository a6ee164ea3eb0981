#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { isAppError } from './errors.js';
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
  // Built code loads main.js from dist/bundle/ (scripts/bundle.ts): a few dozen files instead of ~880 modules, whose
  // resolving and linking by Node's ESM loader was ~0.5 s of a cold start. From source (tsx) there is no bundle.
  const bundle = new URL('./bundle/main.js', import.meta.url);
  const app: typeof import('./main.js') = await import(existsSync(bundle) ? bundle.href : './main.js');
  const code = await app.run(command, argv.slice(1));
  if (code !== undefined) return code;
  process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
  return 2;
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
