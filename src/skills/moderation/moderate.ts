import { z } from 'zod';
import type { Runtime } from '../../runtime/runtime.js';
import { textInput } from '../sentiment/index.js';
import type { Skill, SkillContext } from '../skill.js';
import { judge, type Policy, type Reason, type Verdict } from './policy.js';
import { caseReport, warning } from './replies.js';
import { type ModerationModels, scoreText } from './score.js';
import type { ModCase, ModerationStore } from './store.js';

const input = textInput.extend({
  /** Set by the core for channel traffic: the message the verdict is about (one case per source). */
  source: z.string().optional(),
});

export interface ModerationVerdict {
  verdict: Verdict;
  reasons: Reason[];
  scores: Record<string, number>;
  models: { repo: string; revision: string }[];
  /** Channel traffic only: the case opened, what was done, and why nothing was. */
  case?: number;
  actions?: string[];
  dryRun?: boolean;
  exempt?: boolean;
}

/**
 * `moderate`: scores a text against the policy of the place it comes from, giving a verdict value. For channel
 * traffic (background) a flagged or removed message also opens a case and the policy's actions run, unless the
 * policy is a dry run or the author or channel is exempt.
 */
export function createModerateSkill(
  runtime: Runtime,
  models: ModerationModels,
  store: ModerationStore,
): Skill<z.infer<typeof input>, ModerationVerdict> {
  return {
    name: 'moderate',
    description: 'Check a text against this server’s moderation policy',
    models: [models.toxicity, models.sentiment],
    input,
    command: { options: [{ name: 'text', description: 'The text to check', type: 'string', required: true }] },
    async run({ text, source }, ctx) {
      const policy = await store.policy(ctx.tenantId, ctx.channelId);
      const scored = await scoreText(runtime, models, policy, text, ctx.background ? 'background' : 'interactive');
      const result: ModerationVerdict = { ...judge(scored.scores, policy), ...scored };
      if (!ctx.background || result.verdict === 'allow') return result;
      const exempt =
        policy.exemptChannels.includes(ctx.channelId) || ctx.roles.some((role) => policy.exemptRoles.includes(role));
      if (exempt) return { ...result, exempt: true };
      return openCase(result, text, source ?? `${ctx.platform}:${Date.now()}`, policy, store, ctx);
    },
    event: (v) =>
      v.case === undefined
        ? undefined
        : {
            type: 'moderation.case_created',
            data: {
              case: v.case,
              verdict: v.verdict,
              reasons: v.reasons,
              actions: v.actions ?? [],
              dryRun: v.dryRun ?? false,
            },
          },
    render(v) {
      const reasons = v.reasons.map((r) => `${r.label} ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`);
      const top = Object.entries(v.scores)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([label, score]) => `${label} ${score.toFixed(3)}`);
      return {
        text: [
          `Verdict: **${v.verdict}**${reasons.length ? ` (${reasons.join(', ')})` : ''}`,
          `Scores: ${top.join(' · ')}`,
          `-# ${v.models.map((m) => `${m.repo} @ ${m.revision.slice(0, 12)}`).join(', ')}`,
        ].join('\n'),
        ephemeral: true,
      };
    },
  };
}

async function openCase(
  result: ModerationVerdict,
  text: string,
  source: string,
  policy: Policy,
  store: ModerationStore,
  ctx: SkillContext,
): Promise<ModerationVerdict> {
  const verdict = result.verdict as Exclude<Verdict, 'allow'>;
  const planned = policy.actions[verdict].filter((a) => a !== 'none');
  const created = await store.createCase({
    tenantId: ctx.tenantId,
    source,
    platform: ctx.platform,
    channelId: ctx.channelId,
    userId: ctx.userId,
    text: text.slice(0, 4000),
    verdict,
    reasons: result.reasons,
    scores: result.scores,
    models: result.models,
    actions: policy.dryRun ? [] : planned,
    dryRun: policy.dryRun,
    points: policy.dryRun ? 0 : policy.points[verdict],
  });
  if (!created) return result;
  if (policy.dryRun) return { ...result, case: created.number, dryRun: true };
  const done = await enact(planned, created, policy, ctx);
  done.push(...(await escalate(created, policy, store, ctx)));
  await store.updateCase(ctx.tenantId, created.number, { actions: done });
  return { ...result, case: created.number, actions: done };
}

/** Runs each action through the platform; what could not be done is recorded with the reason, not dropped. */
async function enact(actions: string[], c: ModCase, policy: Policy, ctx: SkillContext): Promise<string[]> {
  const { actions: platform } = ctx;
  const steps: Record<string, (() => Promise<void>) | undefined> = {
    react: platform.react && (() => platform.react?.('⚠️') ?? Promise.resolve()),
    delete: platform.remove,
    timeout:
      platform.timeout && (() => platform.timeout?.(policy.timeoutMinutes, `case #${c.number}`) ?? Promise.resolve()),
    warn: platform.dm && (() => platform.dm?.(c.userId, warning(c)) ?? Promise.resolve()),
    report:
      policy.modChannel && platform.post
        ? () => platform.post?.(policy.modChannel as string, caseReport(c)) ?? Promise.resolve()
        : undefined,
  };
  const done: string[] = [];
  for (const action of actions) {
    const step = steps[action];
    if (!step) {
      done.push(`${action} (not possible here${action === 'report' ? ': no mod channel set' : ''})`);
      continue;
    }
    try {
      await step();
      done.push(action);
    } catch (error) {
      ctx.log.warn({ err: error, case: c.number, action }, 'moderation action failed');
      done.push(`${action} (failed: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return done;
}

/** Warning points: crossing an escalation level runs its action once. */
async function escalate(c: ModCase, policy: Policy, store: ModerationStore, ctx: SkillContext): Promise<string[]> {
  if (c.points === 0) return [];
  const total = await store.points(ctx.tenantId, c.userId);
  const crossed = policy.escalation.filter((level) => total >= level.points && total - c.points < level.points);
  const done: string[] = [];
  for (const level of crossed) {
    const [result] = await enact([level.action], c, policy, ctx);
    done.push(`escalation at ${level.points} points: ${result}`);
  }
  return done;
}
