import { z } from 'zod';
import type { ModelSpec } from '../../runtime/models.js';
import type { AnySkill, Skill } from '../skill.js';

const input = z.object({}).strict();

export interface ModelEntry {
  skill: string;
  id: string;
  repo: string;
  revision: string;
  task: ModelSpec['task'];
  license: string;
  cardUrl: string;
  intendedUse: string;
  limitations: string;
}

export interface ModelsOutput {
  models: ModelEntry[];
}

/** `models`: every model the skills use, with licence, model card, intended use and limitations. */
export function createModelsSkill(listSkills: () => readonly AnySkill[]): Skill<z.infer<typeof input>, ModelsOutput> {
  return {
    name: 'models',
    description: 'The open models this bot runs, with their licences and limitations',
    models: [],
    input,
    command: { options: [] },
    async run() {
      const models: ModelEntry[] = [];
      for (const skill of listSkills()) {
        for (const m of skill.models) {
          models.push({
            skill: skill.name,
            id: m.id,
            repo: m.repo,
            revision: m.revision,
            task: m.task,
            license: m.license,
            cardUrl: m.cardUrl,
            intendedUse: m.intendedUse,
            limitations: m.limitations,
          });
        }
      }
      return { models };
    },
    render({ models }) {
      if (models.length === 0) return { text: 'No models are in use yet: the skills installed here run none.' };
      const lines = models.map(
        (m) =>
          `• **${m.repo}** @ \`${m.revision.slice(0, 7)}\` (${m.skill}, ${m.task}) — licence: ${m.license}; ` +
          `card: <${m.cardUrl}>\n  Intended use: ${m.intendedUse}\n  Limitations: ${m.limitations}`,
      );
      return { text: ['Models in use:', ...lines].join('\n') };
    },
  };
}
