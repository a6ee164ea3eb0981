import { z } from 'zod';
import { t } from '../../i18n/index.js';
import type { ModelSpec } from '../../runtime/models.js';
import { renderTunedCard, type TunedCard } from '../moderation/tuned/card.js';
import type { AnySkill, Skill } from '../skill.js';
import { type BiasAuditStore, largestGaps, signedGap, type TermResult } from './audit.js';

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
  /** The latest bias probe of this model (`omb models audit <id>`), when one was run. */
  audit?: AuditSummary | undefined;
}

export interface AuditSummary {
  at: string;
  /** The commit the probe ran at: an audit of another commit says nothing about this one. */
  revision: string;
  label: string;
  baseline: { term: string; mean: number };
  /** The terms with the largest gaps to the baseline, largest first. */
  largestGaps: TermResult[];
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
  extras: {
    /** The latest bias audit of each model, shown under it. */
    audits?: BiasAuditStore | undefined;
    /** The server's tuned moderation head, shown with its own card. */
    tuned?: ((tenantId: string) => Promise<TunedCard | undefined>) | undefined;
  } = {},
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
      const audited = async (id: string): Promise<AuditSummary | undefined> => {
        const audit = await extras.audits?.latest(id);
        if (!audit) return undefined;
        const { at, label, baseline } = audit;
        return { at, revision: audit.model.revision, label, baseline, largestGaps: largestGaps(audit) };
      };
      const entries = await catalog.list();
      const summaries = await Promise.all(entries.map(({ spec }) => audited(spec.id)));
      const models = entries.map(({ spec, status, commit, commitUrl, pinSource, operatorPin, precision }, i) => ({
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
        ...(summaries[i] ? { audit: summaries[i] } : {}),
      }));
      return { models, tuned: await extras.tuned?.(ctx.tenantId) };
    },
    render({ models, tuned: card }, locale) {
      if (models.length === 0 && !card) return { text: t(locale, 'skill.models.none') };
      const lines = models.map(
        (m) =>
          `• **${m.repo}** @ \`${m.revision.slice(0, 12)}\` — ${m.task}${m.precision ? ` (${m.precision})` : ''}, ${m.status}` +
          `${m.usedBy.length ? `, used by ${m.usedBy.map((s) => `/${s}`).join(' ')}` : ''}\n` +
          `  Licence: ${m.license} · Model card: <${m.cardUrl}>` +
          `${m.commitUrl ? ` · Files at this commit: <${m.commitUrl}>` : ''}\n` +
          `  Intended use: ${m.intendedUse}\n  Limitations: ${m.limitations}` +
          (m.audit ? `\n  ${auditLine(m.id, m.audit)}` : ''),
      );
      return { text: ['Models on this server:', ...lines, ...(card ? [renderTunedCard(card)] : [])].join('\n') };
    },
  };
}

/** One line of a model's card: when the probe ran, at which commit, and its largest gaps (nothing beyond them). */
function auditLine(id: string, a: AuditSummary): string {
  const gaps = a.largestGaps.map((t) => `${t.term} ${signedGap(t.gap)}`).join(', ');
  return (
    `Bias probe (${a.at.slice(0, 10)}, @ \`${a.revision.slice(0, 12)}\`): largest gaps in mean "${a.label}" to ` +
    `"${a.baseline.term}": ${gaps}. Templated sentences only; full table: omb models audit ${id}`
  );
}
