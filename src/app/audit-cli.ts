import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { configuredModels, type DefaultModelId } from '../runtime/manifest.js';
import { poolFromConfig } from '../runtime/pool-sizing.js';
import { LocalRuntime } from '../runtime/runtime.js';
import { storeFromConfig } from '../runtime/store/model-store.js';
import { AUDITED_LABELS, auditTable, auditToxicity } from '../skills/models/audit.js';
import { biasAuditsOf } from './skills.js';

const USAGE = `Usage: omb models audit <model> [--json]
  Scores templated sentences that differ only in an identity term with the model (${Object.keys(AUDITED_LABELS).join(
    ' or ',
  )}), prints each term's mean score and its gap to a neutral baseline term, and keeps the result for /models.`;

/**
 * `omb models audit toxicity`: the bias probe on this host's own pool and model files (pulled on first use unless
 * MODELS_OFFLINE), outside a running server. Returns the exit code.
 */
export async function auditCommand(args: string[], config: Config, log: Logger): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const [id] = positionals;
  if (!id || !(id in AUDITED_LABELS) || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const spec = configuredModels(config.modelOverrides, config.precision)[id as DefaultModelId];
  const runtime = new LocalRuntime(storeFromConfig(config, log), poolFromConfig(config, log));
  try {
    const audit = await auditToxicity(runtime, spec);
    await biasAuditsOf(config).save(audit);
    process.stdout.write(`${values.json ? JSON.stringify(audit) : auditTable(audit)}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}
