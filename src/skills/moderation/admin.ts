import { z } from 'zod';
import { staleButton } from '../refusal.js';
import type { Skill, SkillContext } from '../skill.js';
import { type AdminOutput, platformRecord } from './admin-output.js';
import { appealForm, decide, submitAppeal } from './appeals.js';
import { pardon, parseUser, recordPlatformStep, showCase, warn } from './manual.js';
import { type Policy, policySchema } from './policy.js';
import { describePolicy, gatesLine } from './policy-display.js';
import { edit, POLICY_EDITS, type PolicyEdit } from './policy-edit.js';
import { notice, refuse } from './refuse.js';
import { caseReport } from './replies.js';
import { setRoleGate } from './role-gate.js';
import { RULE_COMMANDS, type RuleModels, ruleCommand } from './rules-admin.js';
import type { ModerationStore } from './store.js';
import { dismiss, forget, tunedCommand } from './tuned/commands.js';
import type { Tuner } from './tuned/tuner.js';

/** The command's choices (past 25, Discord offers them by autocomplete as people type). */
const DO = [
  ...POLICY_EDITS,
  'role-gate',
  'warn',
  'pardon',
  'cases',
  'case',
  'appeal',
  'dismiss',
  'forget',
  'tuned',
  ...RULE_COMMANDS,
] as const;

const input = z.object({
  do: z.enum([...DO, 'record']).default('show'),
  /** A platform's own moderation step (core only: refused from people). */
  record: platformRecord.optional(),
  value: z.string().trim().max(500).optional(),
  /** Edit this channel's own policy (or role gates) instead of the server's. */
  here: z.boolean().default(false),
  /** The whole policy at once (API). */
  policy: policySchema.optional(),
  /** API only: the server (Discord guild id, Slack team id) and channel to work on; operators hold the keys. */
  tenant: z.string().optional(),
  channel: z.string().optional(),
});
type Input = z.infer<typeof input>;

/**
 * `moderation`: moderators edit the policy (per server, or per channel with `here`), gate commands by role, warn
 * people and pardon cases, list and read cases; the people moderated appeal their cases; moderators decide appeals
 * with the buttons in the mod channel, dismiss cases, delete a case's message, and train and enable the server's
 * tuned head. `skills` names the commands a role gate may apply to.
 */
export function createModerationSkill(
  store: ModerationStore,
  skills: () => readonly string[],
  tuner?: Tuner,
  rules?: RuleModels,
): Skill<Input, AdminOutput> {
  const mayModerate = async (ctx: SkillContext) => {
    // An API key is a moderator only where its scopes say so (the HTTP layer decides; an operator's always is).
    if (ctx.isModerator) return true;
    return (await store.policy(ctx.tenantId, ctx.channelId)).moderators.includes(ctx.userId);
  };
  const requireModerator = async (ctx: SkillContext) => {
    if (!(await mayModerate(ctx))) throw refuse('forbidden', 'moderatorsOnly');
  };
  return {
    name: 'moderation',
    description: 'Moderation policy, mod-log cases, warnings and appeals',
    models: [],
    input,
    reach: [
      {
        kind: 'command',
        options: [
          { name: 'do', description: 'What to do', type: 'string', required: true, choices: DO },
          {
            name: 'value',
            description: 'A channel, role, user, case number, "label flag remove", a rule in plain words, train, …',
            type: 'string',
          },
          { name: 'here', description: "Only this channel's policy", type: 'boolean' },
        ],
      },
      // What the platform did or saw (AutoMod, a moderator's ban) goes to the same mod-log.
      { kind: 'moderation-record', input: (record) => ({ do: 'record', record }) },
    ],
    async run(args, given) {
      const ctx = given.platform === 'api' && args.tenant ? scopedTo(given, args.tenant, args.channel) : given;
      if (args.do === 'record') return recordPlatformStep(store, ctx, args.record);
      if (args.do === 'appeal') return appealForm(store, ctx, ctx.tenantId, Number(args.value));
      await requireModerator(ctx);
      const scope = args.here ? ctx.channelId : '';
      switch (args.do) {
        case 'cases':
          return listCases(store, ctx, args.value);
        case 'case':
          return showCase(store, ctx, args.value);
        case 'warn':
          return warn(store, ctx, args.value);
        case 'pardon':
          return pardon(store, ctx, await store.policy(ctx.tenantId, ctx.channelId), args.value);
        case 'dismiss':
          return dismiss(store, ctx, args.value);
        case 'forget':
          return forget(store, ctx, args.value);
        case 'tuned':
          return tunedCommand(tuner, store, ctx, args.value);
        case 'rule':
        case 'rule-preview':
          return ruleCommand(args.do, args.value, scope, store, ctx, rules);
        case 'role-gate': {
          const message = await setRoleGate(store, ctx, scope, args.value, skills);
          return { message: `${message}\n${gatesLine(await store.roleGates(ctx.tenantId, scope), ctx.locale)}` };
        }
        default:
          return editPolicy(store, ctx, scope, args.do, args.value, args.policy);
      }
    },
    async act(action, ctx) {
      const [tenantId = '', number = '0', decision] = action.value.split(':');
      if (action.name === 'appeal') return appealForm(store, ctx, tenantId, Number(number));
      if (action.name === 'appeal-submit') return submitAppeal(store, ctx, action, tenantId, Number(number));
      if (action.name === 'decide') {
        if (tenantId !== ctx.tenantId) throw refuse('forbidden', 'otherServer');
        await requireModerator(ctx);
        return decide(store, ctx, Number(number), decision === 'approve');
      }
      throw staleButton();
    },
    event: (out) => (out.decided ? { type: 'appeal.decided', data: out.decided } : undefined),
    render: (out) => ({ text: out.message, ephemeral: true, ...out.reply }),
  };
}

/** An API call about a platform's server (checked against the key's tenant by the HTTP layer). */
function scopedTo(ctx: SkillContext, tenantId: string, channelId: string | undefined): SkillContext {
  return { ...ctx, tenantId, channelId: channelId ?? '' };
}

async function editPolicy(
  store: ModerationStore,
  ctx: SkillContext,
  scope: string,
  what: PolicyEdit,
  value: string | undefined,
  whole: Policy | undefined,
): Promise<AdminOutput> {
  const current = await store.policy(ctx.tenantId, scope === '' ? '' : ctx.channelId);
  const next = whole ?? edit(current, what, value ?? '');
  if (next !== current) await store.setPolicy(ctx.tenantId, scope, next);
  const gates = await store.roleGates(ctx.tenantId, scope);
  return { message: describePolicy(next, scope === '' ? 'server' : 'channel', gates, ctx.locale), policy: next };
}

/** `do:cases`: one person's (with their points counting now), a search, or the latest; each case's report. */
async function listCases(store: ModerationStore, ctx: SkillContext, value: string | undefined): Promise<AdminOutput> {
  const user = parseUser(value ?? '');
  const filter = user ? { userId: user } : value ? { search: value } : {};
  const cases = await store.listCases(ctx.tenantId, filter);
  let header = notice(ctx.locale, 'casesCount', { count: cases.length });
  if (user) {
    const policy = await store.policy(ctx.tenantId, ctx.channelId);
    const points = await store.points(ctx.tenantId, user, policy.points_ttl_days);
    header += ` · ${notice(ctx.locale, 'casesPoints', { user, points })}`;
  }
  return { message: [header, ...cases.map((c) => caseReport(c, ctx.locale).text)].join('\n\n'), cases };
}
