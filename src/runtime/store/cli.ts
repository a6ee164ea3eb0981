import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { configuredModels } from '../manifest.js';
import type { ModelSpec } from '../models.js';
import { readLock } from './lock.js';
import { type ModelStore, storeFromConfig } from './model-store.js';

const USAGE = `Usage: omb models <command>
  pull [id|repo …] [--update]   download models (default: all) and pin them in models.lock.json
  list                          models with task, licence, card, status and pinned commit
  verify                        hash every file against models.lock.json (exit 1 if any fails)`;

/** `omb models …`; returns the exit code. Output goes to stdout, progress to stderr. */
export async function runModelsCommand(args: string[], config: Config, log: Logger): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { update: { type: 'boolean' } },
  });
  const [command, ...names] = positionals;
  const store = storeFromConfig(config, log);
  const all = Object.values(configuredModels(config.modelOverrides));
  const chosen = names.length === 0 ? all : all.filter((m) => names.includes(m.id) || names.includes(m.repo));
  if (names.length > 0 && chosen.length !== names.length) {
    process.stderr.write(
      `Unknown model: ${names.filter((n) => !all.some((m) => m.id === n || m.repo === n)).join(', ')}\n`,
    );
    return 2;
  }
  switch (command) {
    case 'pull':
      return pull(store, chosen, values.update ?? false);
    case 'list':
      return list(store, chosen, config.modelsDir);
    case 'verify':
      return verify(store, chosen);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

async function pull(store: ModelStore, specs: ModelSpec[], update: boolean): Promise<number> {
  let failed = 0;
  for (const spec of specs) {
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: `${spec.id.padEnd(11)} {bar} {percentage}% {file}`, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(1, 0, { file: '' });
    try {
      const entry = await store.pull(spec, {
        update,
        onProgress: ({ file, done, total }) => {
          if (bar && total) {
            bar.setTotal(total);
            bar.update(done, { file });
          }
        },
      });
      bar?.stop();
      process.stdout.write(`${spec.id}: ${spec.repo} @ ${entry.commit}\n`);
    } catch (error) {
      bar?.stop();
      failed += 1;
      process.stderr.write(`${spec.id}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

function list(store: ModelStore, specs: ModelSpec[], modelsDir: string): number {
  const lock = readLock(modelsDir);
  for (const spec of specs) {
    const commit = lock.models[spec.repo]?.commit ?? '-';
    process.stdout.write(
      `${spec.id}\t${spec.repo}\t${spec.task}\t${spec.license}\t${store.status(spec)}\t${commit}\t${spec.cardUrl}\n`,
    );
  }
  return 0;
}

async function verify(store: ModelStore, specs: ModelSpec[]): Promise<number> {
  let bad = 0;
  for (const spec of specs) {
    const problems = await store.verify(spec);
    if (problems.length > 0) bad += 1;
    process.stdout.write(`${spec.id}: ${problems.length === 0 ? 'ok' : problems.join('; ')}\n`);
  }
  return bad === 0 ? 0 : 1;
}
