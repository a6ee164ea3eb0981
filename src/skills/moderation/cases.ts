import type { SkillContext, SkillFile } from '../skill.js';
import { enact, escalate } from './enact.js';
import type { Policy, Reason, Verdict } from './policy.js';
import type { ModCase, ModerationStore, NewCase, ScoringModel } from './store.js';

/** What a case says when its author's moderation rights kept the bot from acting. */
export const NOT_ACTIONED_MODERATOR = 'not actioned: moderator';

/** A flagged or removed message, as the case it opens. */
export interface Flagged {
  text: string;
  /** The message it is about: one case per source. */
  source: string;
  verdict: Exclude<Verdict, 'allow'>;
  reasons: Reason[];
  scores: Record<string, number>;
  models: ScoringModel[];
}

/**
 * Whether `userId` moderates here: platform rights the adapter reported, the policy's `moderators`, or, where the
 * adapter did not look (Slack's channel traffic), the platform asked now. Called for flagged messages only.
 */
export async function moderatesHere(ctx: SkillContext, policy: Policy, userId: string): Promise<boolean> {
  if (policy.moderators.includes(userId) || (userId === ctx.userId && ctx.isModerator)) return true;
  try {
    return (await ctx.actions.isModerator?.(userId)) ?? false;
  } catch (error) {
    ctx.log.warn({ err: error, userId }, 'could not look up whether a user moderates');
    return false;
  }
}

/**
 * Opens the case of a flagged message and runs the policy's actions, then the ladder. A dry run records the case
 * only; `unactioned` records it with that reason instead of acting (a moderator's message). `media`: a flagged
 * image, which the actions show moderators behind a spoiler.
 */
export async function openCase(
  flagged: Flagged,
  policy: Policy,
  store: ModerationStore,
  ctx: SkillContext,
  unactioned?: string,
  media: readonly SkillFile[] = [],
): Promise<ModCase | undefined> {
  const planned = policy.actions[flagged.verdict].filter((a) => a !== 'none');
  const live = !policy.dryRun && unactioned === undefined;
  const created = await store.createCase({
    ...caseBase(ctx, ctx.userId),
    ...flagged,
    text: flagged.text.slice(0, 4000),
    actions: unactioned ? [unactioned] : live ? planned : [],
    dryRun: policy.dryRun,
    points: live ? policy.points[flagged.verdict] : 0,
  });
  if (!created || !live) return created;
  return actOn(created, planned, policy, store, ctx, media);
}

/** Runs a new case's actions and the ladder, and records what was done on the case. */
export async function actOn(
  created: ModCase,
  planned: readonly string[],
  policy: Policy,
  store: ModerationStore,
  ctx: SkillContext,
  media: readonly SkillFile[] = [],
): Promise<ModCase> {
  const done = await enact(planned, created, policy, ctx, media);
  done.push(...(await escalate(created, policy, store, ctx)));
  return (await store.updateCase(ctx.tenantId, created.number, { actions: done })) ?? { ...created, actions: done };
}

/** The fields every case of this event shares. */
export function caseBase(
  ctx: SkillContext,
  userId: string,
): Pick<NewCase, 'tenantId' | 'platform' | 'channelId' | 'userId'> {
  return { tenantId: ctx.tenantId, platform: ctx.platform, channelId: ctx.channelId, userId };
}
