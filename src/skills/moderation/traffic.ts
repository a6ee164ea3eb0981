import type { SkillContext, SkillFile } from '../skill.js';
import { moderatesHere, NOT_ACTIONED_MODERATOR, openCase } from './cases.js';
import type { Policy, Reason, Verdict } from './policy.js';
import type { ModerationStore, ScoringModel } from './store.js';

/** A verdict on something a member posted (words or an image), before anything is done about it. */
export interface Judged {
  verdict: Verdict;
  reasons: Reason[];
  scores: Record<string, number>;
  models: ScoringModel[];
}

/** What was done about a flagged post: the case opened, its actions, and why nothing was. */
export interface TrafficOutcome {
  case?: number;
  actions?: string[];
  dryRun?: boolean;
  exempt?: boolean;
  /** Why the case's actions were not taken (a moderator's message): the message stays. */
  notActioned?: string;
}

/**
 * Acts on a flagged or removed post of channel traffic: nothing for exempt channels and roles; a moderator's post
 * is recorded as not actioned, or ignored, as the policy says; anyone else's opens a case whose actions run (unless
 * the policy is a dry run). `what`: the post's words as the case keeps them and its source (one case per source);
 * `media`: a flagged image, for the report (behind a spoiler) and the `spoiler` action.
 */
export async function actOnTraffic<J extends Judged>(
  judged: J,
  what: { text: string; source?: string | undefined },
  policy: Policy,
  store: ModerationStore,
  ctx: SkillContext,
  media: readonly SkillFile[] = [],
): Promise<J & TrafficOutcome> {
  if (judged.verdict === 'allow') return judged;
  const exempt =
    policy.exemptChannels.includes(ctx.channelId) || ctx.roles.some((role) => policy.exemptRoles.includes(role));
  if (exempt) return { ...judged, exempt: true };
  const moderator = policy.moderatorMessages !== 'act' && (await moderatesHere(ctx, policy, ctx.userId));
  if (moderator && policy.moderatorMessages === 'ignore') return { ...judged, exempt: true };
  const flagged = {
    ...judged,
    text: what.text,
    source: what.source ?? `${ctx.platform}:${Date.now()}`,
    verdict: judged.verdict,
  };
  const unactioned = moderator ? NOT_ACTIONED_MODERATOR : undefined;
  const opened = await openCase(flagged, policy, store, ctx, unactioned, media);
  if (!opened) return judged;
  return {
    ...judged,
    case: opened.number,
    actions: opened.actions,
    ...(policy.dryRun ? { dryRun: true } : {}),
    ...(moderator ? { notActioned: NOT_ACTIONED_MODERATOR } : {}),
  };
}

/** A verdict that removes the post: not a dry run, and not someone the policy leaves alone (a moderator). */
export function removesPost(outcome: Judged & TrafficOutcome): boolean {
  return outcome.verdict === 'remove' && !outcome.dryRun && !outcome.exempt && outcome.notActioned === undefined;
}
