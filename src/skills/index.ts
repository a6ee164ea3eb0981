import { createHelpSkill } from './help/index.js';
import { createModelsSkill } from './models/index.js';
import type { AnySkill } from './skill.js';

/** The table of skills. Later skills take their dependencies (runtime, retrieval) through `SkillDeps`. */
export type SkillDeps = Record<string, never>;

export function createSkills(_deps: SkillDeps = {}, extra: readonly AnySkill[] = []): AnySkill[] {
  const table: AnySkill[] = [];
  const list = () => table;
  table.push(createHelpSkill(list), createModelsSkill(list), ...extra);
  return table;
}
