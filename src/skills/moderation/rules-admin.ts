import { setMaxListeners } from 'node:events';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { MAX_HISTORY, type SkillContext } from '../skill.js';
import type { AdminOutput } from './admin-output.js';
import { ACTIONS, MAX_RULE_CHARS, MAX_RULES, type ModerationAction, type Policy, type Rule } from './policy.js';
import { refuse } from './refuse.js';
import { hypothesisOf, ruleLabel, scoreRules } from './rules.js';
import type { ModerationStore } from './store.js';

/** The `/moderation do:` choices for rules. */
export const RULE_COMMANDS = ['rule', 'rule-preview'] as const;
export type RuleCommand = (typeof RULE_COMMANDS)[number];

/** What previews and the rules' scoring need: the runtime and the NLI model. */
export interface RuleModels {
  runtime: Runtime;
  nli: ModelSpec;
}

/** Messages a preview lists at most (the count of all matches is always given). */
const PREVIEW_LINES = 20;

/** A value that starts with a rule's number (or a number and a change word) changes that rule. */
const CHANGE = /^#?(\d+)\s+(threshold|actions|live|dry-run|remove)?/i;

/**
 * `do:rule value:"selling or trading accounts"` adds a rule (in dry run); `do:rule` alone lists them, and a value
 * naming a rule's number changes it ("2 threshold 0.8", "2 actions delete report", "2 live", "2 dry-run",
 * "2 remove"); `do:rule-preview value:2` scores the channel's latest messages against rule 2 and lists those it
 * would flag. (One `do` choice for adding, listing and changing: Discord allows 25 choices, the command has 24.)
 */
export async function ruleCommand(
  what: RuleCommand,
  value: string | undefined,
  scope: string,
  store: ModerationStore,
  ctx: SkillContext,
  models: RuleModels | undefined,
): Promise<AdminOutput> {
  const policy = await store.policy(ctx.tenantId, scope === '' ? '' : ctx.channelId);
  const save = async (next: Policy, message: string): Promise<AdminOutput> => {
    await store.setPolicy(ctx.tenantId, scope, next);
    return { message, policy: next };
  };
  const text = (value ?? '').trim();
  if (what === 'rule-preview') return preview(policy, text, ctx, models);
  if (text === '') return { message: listRules(policy, scope), policy };
  const change = CHANGE.exec(text);
  const changes = change && (change[2] !== undefined || policy.rules.some((r) => r.id === Number(change[1])));
  return save(...(changes ? changeRule(policy, text) : addRule(policy, text)));
}

function addRule(policy: Policy, text: string): [Policy, string] {
  if (text.length > MAX_RULE_CHARS) throw refuse('bad_request', 'ruleTooLong', { max: MAX_RULE_CHARS });
  if (policy.rules.length >= MAX_RULES) throw refuse('bad_request', 'tooManyRules', { max: MAX_RULES });
  const id = Math.max(0, ...policy.rules.map((r) => r.id)) + 1;
  const rule: Rule = { id, text, hypothesis: hypothesisOf(text), threshold: 0.9, actions: ['report'], dryRun: true };
  return [
    { ...policy, rules: [...policy.rules, rule] },
    `Rule ${id} added in dry run: ${describeRule(rule)}\n` +
      `Try it with do:rule-preview value:${id}; act on it with do:rule value:"${id} live".`,
  ];
}

function changeRule(policy: Policy, text: string): [Policy, string] {
  const [idText = '', what = '', ...args] = text.split(/\s+/);
  const rule = policy.rules.find((r) => r.id === Number(idText.replace(/^#/, '')));
  if (!rule) throw refuse('bad_request', 'noRule', { id: idText });
  let changed: Rule;
  switch (what.toLowerCase()) {
    case 'remove':
      return [{ ...policy, rules: policy.rules.filter((r) => r !== rule) }, `Rule ${rule.id} removed.`];
    case 'live':
      changed = { ...rule, dryRun: false };
      break;
    case 'dry-run':
      changed = { ...rule, dryRun: true };
      break;
    case 'threshold': {
      const threshold = Number(args[0]);
      if (args.length !== 1 || !(threshold >= 0 && threshold <= 1)) {
        throw refuse('bad_request', 'ruleThresholdSyntax');
      }
      changed = { ...rule, threshold };
      break;
    }
    case 'actions': {
      const actions = args.filter((a): a is ModerationAction => (ACTIONS as readonly string[]).includes(a));
      if (actions.length === 0 || actions.length !== args.length) {
        throw refuse('bad_request', 'ruleActionsSyntax', { actions: ACTIONS.join(', ') });
      }
      changed = { ...rule, actions };
      break;
    }
    default:
      throw refuse('bad_request', 'ruleChangeSyntax');
  }
  const rules = policy.rules.map((r) => (r === rule ? changed : r));
  return [{ ...policy, rules }, `Rule ${rule.id}: ${describeRule(changed)}`];
}

function describeRule(rule: Rule): string {
  const mode = rule.dryRun ? 'dry run (cases only, no actions)' : '**live**';
  return `“${rule.text}” · flags at ${rule.threshold} · actions ${rule.actions.join(', ')} · ${mode}`;
}

function listRules(policy: Policy, scope: string): string {
  const where = scope === '' ? 'this server' : 'this channel';
  if (policy.rules.length === 0)
    return `No rules for ${where}. Add one with do:rule value:"selling or trading accounts".`;
  return [`Rules for ${where}:`, ...policy.rules.map((r) => `${r.id}. ${describeRule(r)}`)].join('\n');
}

/** Which of the channel's latest messages (people's, not bots') the rule would flag, with their scores. */
async function preview(
  policy: Policy,
  text: string,
  ctx: SkillContext,
  models: RuleModels | undefined,
): Promise<AdminOutput> {
  const rule = policy.rules.find((r) => r.id === Number(text.replace(/^#/, '')));
  if (!rule) throw text ? refuse('bad_request', 'previewNoRule', { id: text }) : refuse('bad_request', 'previewSyntax');
  if (!models) throw refuse('unavailable', 'noNli');
  const { history } = ctx.actions;
  if (!history) throw refuse('bad_request', 'previewNoHistory');
  const messages = (await history({ channelId: ctx.channelId }, MAX_HISTORY)).filter((m) => !m.isBot && m.text.trim());
  // One pool request per message, all listening for the command's cancellation (the pool batches them).
  setMaxListeners(MAX_HISTORY + 16, ctx.signal);
  const scored = await Promise.all(
    messages.map(async (m) => {
      const [hit] = await scoreRules(models.runtime, models.nli, [rule], m.text.slice(0, 4000), { signal: ctx.signal });
      return { message: m, score: hit?.score ?? 0 };
    }),
  );
  const matches = scored.filter((s) => s.score >= rule.threshold).sort((a, b) => b.score - a.score);
  const lines = matches
    .slice(0, PREVIEW_LINES)
    .map(({ message, score }) => `\`${score.toFixed(2)}\` <@${message.authorId}>: ${excerpt(message.text)}`);
  const more = matches.length > PREVIEW_LINES ? [`…and ${matches.length - PREVIEW_LINES} more`] : [];
  return {
    message: [
      `${ruleLabel(rule)} would have flagged ${matches.length} of the last ${messages.length} messages here ` +
        `(threshold ${rule.threshold}):`,
      ...lines,
      ...more,
    ].join('\n'),
  };
}

/** A message in one line, its markup shown rather than obeyed (replies never ping; see SkillReply.ping). */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return (line.length > 120 ? `${line.slice(0, 119)}…` : line).replace(/([\\*_`~|>])/g, '\\$1');
}
