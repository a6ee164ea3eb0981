import { configuredModels } from '../../src/runtime/manifest.js';
import { createSkills, type SkillDeps } from '../../src/skills/index.js';

/**
 * The built-in skills table with the manifest's models, built without anything to run it: listing commands reads
 * only the skills' declared reach, so the stores and runtimes are a placeholder that is never called.
 */
export function builtInSkills() {
  const placeholder: unknown = new Proxy(() => placeholder, { get: () => placeholder });
  const given: Partial<SkillDeps> = {
    models: configuredModels(),
    imagine: { acceptedLicenses: [], blocklist: [], perUser: 1, dailyQuota: 1 },
  };
  return createSkills(
    new Proxy(given as SkillDeps, { get: (_, key: string) => given[key as 'models'] ?? placeholder }),
  );
}
