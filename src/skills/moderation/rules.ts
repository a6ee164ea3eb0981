import type { Logger } from '../../log.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { zeroShot } from '../classify/score.js';
import type { ModerationAction, Policy, Rule, Verdict } from './policy.js';
import type { Judged } from './traffic.js';

export interface RuleHit {
  rule: Rule;
  score: number;
}

/** How a rule is named in reasons, scores and case reports. */
export function ruleLabel(rule: Rule): string {
  return `rule ${rule.id}: ${rule.text}`;
}

/** The hypothesis the NLI model is asked for a moderator's words (transformers.js' default template). */
export function hypothesisOf(text: string): string {
  return `This example is ${text.trim().replace(/[.!?]+$/, '')}.`;
}

/**
 * Scores a text against rules, all in one batched NLI run per text window (each hypothesis scored on its own:
 * entailment against not-entailment), in the rules' order.
 */
export async function scoreRules(
  runtime: Runtime,
  nli: ModelSpec,
  rules: readonly Rule[],
  text: string,
  options: { priority?: 'interactive' | 'background'; signal?: AbortSignal | undefined } = {},
): Promise<RuleHit[]> {
  if (rules.length === 0) return [];
  const hypotheses = [...new Set(rules.map((r) => r.hypothesis))];
  const scores = await zeroShot(runtime, nli, text, hypotheses, {
    ...options,
    multiLabel: true,
    hypothesisTemplate: '{}',
  });
  const byHypothesis = new Map(hypotheses.map((h, i) => [h, scores[i] ?? 0]));
  return rules.map((rule) => ({ rule, score: byHypothesis.get(rule.hypothesis) ?? 0 }));
}

/** A rule over its threshold removes where its actions delete the message, else flags. */
function levelOf(rule: Rule): 'flag' | 'remove' {
  return rule.actions.includes('delete') ? 'remove' : 'flag';
}

/**
 * Adds the policy's rules to a judged message. Rules over their threshold become reasons (a dry-run rule's marked
 * so) and their scores are kept as "rule N". The policy returned is the one to act with: the verdict's actions
 * plus those of the live rules that fired. A message only rules flagged is a dry run unless a live rule fired, so
 * a rule in dry run marks a case and does nothing else. The rules are scored while `judging` (the models' verdict)
 * is still being worked out. Rules that cannot be scored (the NLI model missing offline) are logged and left out:
 * the models' verdict still stands.
 */
export async function withRules<J extends Judged>(
  runtime: Runtime,
  nli: ModelSpec | undefined,
  policy: Policy,
  text: string,
  judging: Promise<J>,
  priority: 'interactive' | 'background',
  log: Logger,
): Promise<{ judged: J; policy: Policy }> {
  if (!nli || policy.rules.length === 0) return { judged: await judging, policy };
  const scoring = scoreRules(runtime, nli, policy.rules, text, { priority }).catch((error: unknown) => {
    log.warn({ err: error, rules: policy.rules.length }, 'moderation rules could not be scored');
    return undefined;
  });
  const [judged, hits] = await Promise.all([judging, scoring]);
  if (!hits) return { judged, policy };
  const scores = { ...judged.scores };
  for (const { rule, score } of hits) scores[`rule ${rule.id}`] = score;
  const models = [...judged.models, { repo: nli.repo, revision: runtime.revisionOf(nli) }];
  const fired = hits.filter((h) => h.score >= h.rule.threshold);
  if (fired.length === 0) return { judged: { ...judged, scores, models }, policy };
  const live = fired.filter((h) => !h.rule.dryRun);
  const reasons = [
    ...judged.reasons,
    ...fired.map(({ rule, score }) => ({
      label: rule.dryRun ? `${ruleLabel(rule)} (dry run)` : ruleLabel(rule),
      score,
      threshold: rule.threshold,
      level: levelOf(rule),
    })),
  ];
  const modelVerdict = judged.verdict;
  // The rules that decide: the live ones; where none is live and the models allowed the message, the dry-run ones.
  const deciding = live.length > 0 || modelVerdict !== 'allow' ? live : fired;
  const worst = [modelVerdict, ...deciding.map((h) => levelOf(h.rule))];
  const verdict: Verdict = worst.includes('remove') ? 'remove' : worst.includes('flag') ? 'flag' : 'allow';
  const ruleActions = deciding.flatMap((h) => h.rule.actions);
  const base = modelVerdict === 'allow' ? [] : policy.actions[modelVerdict];
  const actions = [...new Set<ModerationAction>([...base, ...ruleActions])];
  const dryRun = policy.dryRun || (modelVerdict === 'allow' && live.length === 0);
  return {
    judged: { ...judged, verdict, reasons, scores, models },
    policy: { ...policy, dryRun, actions: { flag: actions, remove: actions } },
  };
}
