import { z } from 'zod';
import type { ModelSpec } from '../../runtime/models.js';
import { renderTunedCard, type TunedCard } from '../moderation/tuned/card.js';
import type { AnySkill, Skill } from '../skill.js';

const input = z.object({}).strict();

/** What the models skill needs to know about installed models: the manifest and each model's state on disk. */
export interface ModelCatalog {
  list(): Promise<
    {
      spec: ModelSpec;
      status: string;
      commit?: string | undefined;
      commitUrl?: string | undefined;
      pinSource?: string | undefined;
      operatorPin?: boolean | undefined;
      precision?: string | undefined;
    }[]
  >;
}

export interface ModelEntry {
  id: string;
  repo: string;
  /** The pinned commit: what is run once pulled, and what a pull fetches before. */
  revision: string;
  /** The public page of that commit's files (the Hub's tree page). */
  commitUrl: string | undefined;
  /** Where the default pin was read, or "omb models update" when the operator pinned a newer commit. */
  pinnedFrom: string | undefined;
  task: ModelSpec['task'];
  /** `int8` or `fp32` graphs (with the reason when int8 was asked for and fp32 runs); unset with one variant. */
  precision: string | undefined;
  license: string;
  cardUrl: string;
  intendedUse: string;
  limitations: string;
  status: string;
  /** Skills that run this model. */
  usedBy: string[];
}

export interface ModelsOutput {
  models: ModelEntry[];
  /** The server's own tuned moderation head, when it has one. */
  tuned?: TunedCard | undefined;
}

/**
 * `models`: every model this server runs or offers, with licence, model card, intended use and limitations, and the
 * card of the server's own tuned moderation head (`tuned` reads it for the caller's server).
 */
export function createModelsSkill(
  listSkills: () => readonly AnySkill[],
  catalog: ModelCatalog,
  tuned?: (tenantId: string) => Promise<TunedCard | undefined>,
): Skill<z.infer<typeof input>, ModelsOutput> {
  return {
    name: 'models',
    description: 'The open models this bot runs, with their licences and limitations',
    models: [],
    input,
    reach: [{ kind: 'command', options: [] }],
    async run(_args, ctx) {
      const usedBy = (repo: string) =>
        listSkills().flatMap((s) => (s.models.some((m) => m.repo === repo) ? [s.name] : []));
      const models = (await catalog.list()).map(
        ({ spec, status, commit, commitUrl, pinSource, operatorPin, precision }) => ({
          id: spec.id,
          repo: spec.repo,
          revision: commit ?? spec.revision,
          commitUrl,
          pinnedFrom: operatorPin ? 'omb models update' : pinSource,
          task: spec.task,
          precision,
          license: spec.license,
          cardUrl: spec.cardUrl,
          intendedUse: spec.intendedUse,
          limitations: spec.limitations,
          status,
          usedBy: usedBy(spec.repo),
        }),
      );
      return { models, tuned: await tuned?.(ctx.tenantId) };
    },
    render({ models, tuned: card }) {
      if (models.length === 0 && !card) return { text: 'No models are configured on this server.' };
      const lines = models.map(
        (m) =>
          `• **${m.repo}** @ \`${m.revision.slice(0, 12)}\` — ${m.task}${m.precision ? ` (${m.precision})` : ''}, ${m.status}` +
          `${m.usedBy.length ? `, used by ${m.usedBy.map((s) => `/${s}`).join(' ')}` : ''}\n` +
          `  Licence: ${m.license} · Model card: <${m.cardUrl}>` +
          `${m.commitUrl ? ` · Files at this commit: <${m.commitUrl}>` : ''}\n` +
          `  Intended use: ${m.intendedUse}\n  Limitations: ${m.limitations}`,
      );
      return { text: ['Models on this server:', ...lines, ...(card ? [renderTunedCard(card)] : [])].join('\n') };
    },
  };
}
