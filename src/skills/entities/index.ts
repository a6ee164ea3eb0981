import { z } from 'zod';
import { t } from '../../i18n/index.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { modelRef, textInput } from '../sentiment/index.js';
import type { Skill } from '../skill.js';
import { textWindows } from '../text-windows.js';

export type EntityType = 'PER' | 'LOC' | 'ORG' | 'MISC';

const taggedEntity = z.object({
  type: z.enum(['PER', 'LOC', 'ORG', 'MISC']),
  text: z.string().describe('Exactly text.slice(start, end) of the input'),
  start: z.number().int().describe('UTF-16 offset into the input'),
  end: z.number().int(),
  score: z.number().min(0).max(1),
});
export type TaggedEntity = z.infer<typeof taggedEntity>;

export const entitiesOutput = z.object({ text: z.string(), entities: z.array(taggedEntity), model: modelRef });
export type EntitiesOutput = z.infer<typeof entitiesOutput>;

const LEGEND: Record<EntityType, string> = {
  PER: 'person',
  LOC: 'location',
  ORG: 'organisation',
  MISC: 'other name',
};

/** Entities of a text of any length: windows tagged separately, offsets mapped back into the whole text. */
export async function tagEntities(
  runtime: Runtime,
  spec: ModelSpec,
  text: string,
  signal?: AbortSignal,
): Promise<EntitiesOutput> {
  const model = { ...spec, task: 'token-classification' as const };
  const perWindow = await Promise.all(
    textWindows(text).map(async (w) => {
      const found = await runtime.run(model, { text: w.text, aggregation: 'first' }, { signal });
      return found.map((e) => ({ ...e, start: e.start + w.start, end: e.end + w.start }));
    }),
  );
  const entities = perWindow.flat().map((e) => ({
    type: toType(e.label),
    text: text.slice(e.start, e.end),
    start: e.start,
    end: e.end,
    score: e.score,
  }));
  return { text, entities, model: { repo: spec.repo, revision: runtime.revisionOf(spec) } };
}

function toType(label: string): EntityType {
  const bare = label.replace(/^[BI]-/, '').toUpperCase();
  return bare === 'PER' || bare === 'LOC' || bare === 'ORG' ? bare : 'MISC';
}

/** Markdown's special characters in the person's own text are shown, not obeyed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~|>#[\]()-])/g, '\\$1');
}

/** The text with each entity in bold followed by its type, and a legend of the types that occur. */
export function highlight(text: string, entities: readonly TaggedEntity[]): string {
  let out = '';
  let at = 0;
  for (const e of [...entities].sort((a, b) => a.start - b.start)) {
    if (e.start < at) continue;
    out += `${escapeMarkdown(text.slice(at, e.start))}**${escapeMarkdown(e.text)}** \`${e.type}\``;
    at = e.end;
  }
  return out + escapeMarkdown(text.slice(at));
}

/** `entities`: persons, locations, organisations and other names, with exact character offsets. */
export function createEntitiesSkill(runtime: Runtime, spec: ModelSpec): Skill<{ text: string }, EntitiesOutput> {
  return {
    name: 'entities',
    description: 'Find the people, places and organisations named in a text',
    descriptionLocalizations: {
      de: 'Personen, Orte und Organisationen in einem Text finden',
      fr: 'Trouver les personnes, lieux et organisations d’un texte',
    },
    models: [spec],
    input: textInput,
    output: entitiesOutput,
    reach: [
      { kind: 'command', options: [{ name: 'text', description: 'The text to tag', type: 'string', required: true }] },
      { kind: 'message-action', label: 'Tag entities', input: (message) => ({ text: message.text }) },
    ],
    run: ({ text }, ctx) => tagEntities(runtime, spec, text, ctx.signal),
    echoes: ({ text }) => text,
    render({ text, entities }, locale) {
      if (entities.length === 0) return { text: t(locale, 'skill.entities.noNames', { text: escapeMarkdown(text) }) };
      const types = [...new Set(entities.map((e) => e.type))];
      const legend = types.map((t) => `\`${t}\` ${LEGEND[t]}`).join(' · ');
      return { text: `${highlight(text, entities)}\n\n${legend}` };
    },
  };
}
