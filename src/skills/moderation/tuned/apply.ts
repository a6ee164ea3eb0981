import type { SkillContext } from '../../skill.js';
import { judge, type Policy, type Reason, type Verdict } from '../policy.js';
import type { ModerationStore } from '../store.js';
import { actOnTraffic, type Judged, type TrafficOutcome } from '../traffic.js';
import { TUNED_LABEL, WOULD_HAVE_FLAGGED } from './head.js';
import type { TunedScore, Tuner } from './tuner.js';

/** The head's score for a message, or none where it is off or cannot run (moderation goes on without it). */
export async function tunedScore(tuner: Tuner | undefined, ctx: SkillContext, text: string) {
  try {
    return await tuner?.score(ctx.tenantId, text);
  } catch (err) {
    ctx.log.warn({ err }, 'the tuned moderation head could not score a message');
    return undefined;
  }
}

/**
 * The verdict with the head's score among the scores. Live, the head's label joins the policy's thresholds (at the
 * head's threshold, as a flag); in shadow it judges nothing, and `shadowFlag` says whether it would have flagged.
 */
export function judgeWithTuned(
  scores: Record<string, number>,
  policy: Policy,
  tuned: TunedScore | undefined,
): { verdict: Verdict; reasons: Reason[]; scores: Record<string, number>; shadowFlag: number | undefined } {
  if (!tuned) return { ...judge(scores, policy), scores, shadowFlag: undefined };
  const withTuned = { ...scores, [TUNED_LABEL]: tuned.score };
  if (tuned.mode === 'shadow') {
    const shadowFlag = tuned.score >= tuned.threshold ? tuned.threshold : undefined;
    return { ...judge(scores, policy), scores: withTuned, shadowFlag };
  }
  const thresholds = { ...policy.thresholds, [TUNED_LABEL]: { flag: tuned.threshold } };
  return { ...judge(withTuned, { ...policy, thresholds }), scores: withTuned, shadowFlag: undefined };
}

/**
 * A message the head, in shadow, would have flagged: handled as any flagged post (exempt channels and roles, a
 * moderator's post), but as a dry run: a case with no action and no points that says "would have flagged".
 */
export async function shadowTraffic<J extends Judged>(
  judged: J,
  what: { text: string; source?: string | undefined },
  threshold: number,
  policy: Policy,
  store: ModerationStore,
  ctx: SkillContext,
): Promise<J & TrafficOutcome & { wouldHaveFlagged?: boolean }> {
  const score = judged.scores[TUNED_LABEL] ?? 0;
  const reasons: Reason[] = [{ label: TUNED_LABEL, score, threshold, level: 'flag' }];
  const dryRun = { ...policy, dryRun: true };
  const outcome = await actOnTraffic({ ...judged, verdict: 'flag', reasons }, what, dryRun, store, ctx);
  if (outcome.case === undefined) return { ...judged, ...(outcome.exempt ? { exempt: true } : {}) };
  const actions = [WOULD_HAVE_FLAGGED, ...(outcome.actions ?? [])];
  await store.updateCase(ctx.tenantId, outcome.case, { actions });
  return { ...judged, case: outcome.case, actions, dryRun: true, wouldHaveFlagged: true };
}
