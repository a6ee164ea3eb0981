import type { ModelAuditDeps } from '../adapters/http/model-audit.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { ModelSpec } from '../runtime/models.js';
import type { Runtime } from '../runtime/runtime.js';
import { AUDITED_LABELS, auditToxicity } from '../skills/models/audit.js';
import { biasAuditsOf } from './skills.js';

/** The bias probe as the API runs it: on the server's runtime, kept where `omb models audit` keeps it. */
export function modelAuditApi(config: Config, runtime: Runtime, specs: readonly ModelSpec[]): ModelAuditDeps {
  const audits = biasAuditsOf(config);
  const auditable = specs.filter((spec) => spec.id in AUDITED_LABELS);
  return {
    ids: auditable.map((spec) => spec.id),
    latest: (id) => audits.latest(id),
    async run(id) {
      const spec = auditable.find((s) => s.id === id);
      if (!spec) throw new AppError('not_found', `no auditable model "${id}"`);
      const audit = await auditToxicity(runtime, spec);
      await audits.save(audit);
      return audit;
    },
  };
}
