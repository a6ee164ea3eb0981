import { createHelpSkill } from './help/index.js';
import { createModelsSkill, type ModelCatalog } from './models/index.js';
import type { AnySkill } from './skill.js';

/** What skills are built from; later skills add the runtime and the knowledge base here. */
export interface SkillDeps {
  catalog: ModelCatalog;
}

export function createSkills(deps: SkillDeps, extra: readonly AnySkill[] = []): AnySkill[] {
  const table: AnySkill[] = [];
  const list = () => table;
  table.push(createHelpSkill(list), createModelsSkill(list, deps.catalog), ...extra);
  return table;
}
