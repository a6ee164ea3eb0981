import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { Skill, SkillAction, SkillContext, SkillReply } from '../skill.js';
import { ACTIONS, type Policy, policySchema } from './policy.js';
import { caseReport } from './replies.js';
import type { ModCase, ModerationStore } from './store.js';

const DO = [
  'show',
  'enable',
  'disable',
  'dry-run',
  'live',
  'mod-channel',
  'exempt-role',
  'exempt-channel',
  'moderator',
  'threshold',
  'action',
  'cases',
  'case',
  'appeal',
] as const;

const record = z.object({
  by: z.string(),
  userId: z.string(),
  channelId: z.string().optional(),
  action: z.string(),
  reason: z.string().optional(),
  text: z.string().optional(),
  sourceId: z.string(),
});

const input = z.object({
  do: z.enum([...DO, 'record']).default('show'),
  /** A platform's own moderation step (core only: refused from people). */
  record: record.optional(),
  value: z.string().trim().max(500).optional(),
  /** Edit this channel's own policy instead of the server's. */
  here: z.boolean().default(false),
  /** The whole policy at once (API). */
  policy: policySchema.optional(),
  /** API only: the server (Discord guild id, Slack team id) and channel to work on; operators hold the keys. */
  tenant: z.string().optional(),
  channel: z.string().optional(),
});
type Input = z.infer<typeof input>;

/** What the mod-log skill answers: a message, plus a policy, cases or a form where that is the answer. */
export interface AdminOutput {
  message: string;
  policy?: Policy;
  cases?: ModCase[];
  reply?: Omit<SkillReply, 'text'>;
  /** An appeal just decided. */
  decided?: { case: number; status: 'upheld' | 'overturned'; decidedBy: string; userId: string };
}

/**
 * `moderation`: moderators edit the policy (per server, or per channel with `here`), list and read cases; the
 * people moderated appeal their cases; moderators decide appeals with the buttons in the mod channel.
 */
export function createModerationSkill(store: ModerationStore): Skill<Input, AdminOutput> {
  const mayModerate = async (ctx: SkillContext) => {
    if (ctx.isModerator || ctx.platform === 'api') return true;
    return (await store.policy(ctx.tenantId, ctx.channelId)).moderators.includes(ctx.userId);
  };
  const requireModerator = async (ctx: SkillContext) => {
    if (!(await mayModerate(ctx))) throw new AppError('forbidden', 'only moderators can do that');
  };
  return {
    name: 'moderation',
    description: 'Moderation policy, mod-log cases and appeals',
    models: [],
    input,
    command: {
      options: [
        { name: 'do', description: 'What to do', type: 'string', required: true, choices: DO },
        { name: 'value', description: 'A channel, role, user, number or "label flag remove"', type: 'string' },
        { name: 'here', description: "Only this channel's policy", type: 'boolean' },
      ],
    },
    async run(args, given) {
      const ctx = given.platform === 'api' && args.tenant ? scopedTo(given, args.tenant, args.channel) : given;
      if (args.do === 'record') return recordPlatformStep(store, ctx, args.record);
      if (args.do === 'appeal') return appealForm(store, ctx, ctx.tenantId, Number(args.value));
      await requireModerator(ctx);
      const scope = args.here ? ctx.channelId : '';
      if (args.do === 'cases') {
        const user = /^<@!?(\w+)>$/.exec(args.value ?? '')?.[1];
        const filter = user ? { userId: user } : args.value ? { search: args.value } : {};
        const cases = await store.listCases(ctx.tenantId, filter);
        return { message: cases.length ? `${cases.length} case(s)` : 'No cases.', cases };
      }
      if (args.do === 'case') {
        const found = await store.getCase(ctx.tenantId, Number(args.value));
        if (!found) throw new AppError('not_found', `there is no case #${args.value}`);
        return { message: caseReport(found).text, cases: [found] };
      }
      const current = await store.policy(ctx.tenantId, scope === '' ? '' : ctx.channelId);
      const next = args.policy ?? edit(current, args.do, args.value ?? '');
      if (next !== current) await store.setPolicy(ctx.tenantId, scope, next);
      return { message: describe(next, scope === '' ? 'this server' : 'this channel'), policy: next };
    },
    async act(action, ctx) {
      const [tenantId = '', number = '0', decision] = action.value.split(':');
      if (action.name === 'appeal') return appealForm(store, ctx, tenantId, Number(number));
      if (action.name === 'appeal-submit') return submitAppeal(store, ctx, action, tenantId, Number(number));
      if (action.name === 'decide') {
        if (tenantId !== ctx.tenantId) throw new AppError('forbidden', 'that case belongs to another server');
        await requireModerator(ctx);
        return decide(store, ctx, Number(number), decision === 'approve');
      }
      throw new AppError('bad_request', 'this button no longer does anything');
    },
    event: (out) => (out.decided ? { type: 'appeal.decided', data: out.decided } : undefined),
    render(out) {
      const cases = out.cases && out.cases.length > 1 ? out.cases.map((c) => caseReport(c).text).join('\n\n') : '';
      return { text: [out.message, cases].filter(Boolean).join('\n\n'), ephemeral: true, ...out.reply };
    },
  };
}

/** An API call about a platform's server: the operator (holding an API key) acts as that server's moderator. */
function scopedTo(ctx: SkillContext, tenantId: string, channelId: string | undefined): SkillContext {
  return { ...ctx, tenantId, channelId: channelId ?? '', isModerator: true };
}

/** One policy edit from the command; a value that does not parse is a clear 400, never a silent no-op. */
function edit(policy: Policy, what: (typeof DO)[number], value: string): Policy {
  // Discord mentions <#123>, <@&456>; Slack's <#C123|name>, <@U123>.
  const id = value.replace(/^<[@#&!]*([^|>]+)(\|[^>]*)?>$/, '$1').trim();
  const toggle = (list: string[]) => (list.includes(id) ? list.filter((v) => v !== id) : [...list, id]);
  const need = () => {
    if (!id) throw new AppError('bad_request', `"${what}" needs a value`);
  };
  switch (what) {
    case 'enable':
      return { ...policy, enabled: true };
    case 'disable':
      return { ...policy, enabled: false };
    case 'dry-run':
      return { ...policy, dryRun: true };
    case 'live':
      return { ...policy, dryRun: false };
    case 'mod-channel':
      need();
      return { ...policy, modChannel: id };
    case 'exempt-role':
      need();
      return { ...policy, exemptRoles: toggle(policy.exemptRoles) };
    case 'exempt-channel':
      need();
      return { ...policy, exemptChannels: toggle(policy.exemptChannels) };
    case 'moderator':
      need();
      return { ...policy, moderators: toggle(policy.moderators) };
    case 'threshold': {
      const [label, flag, remove] = value.split(/\s+/);
      const parse = (v: string | undefined) => (v === undefined || v === '-' ? undefined : Number(v));
      const limits = { flag: parse(flag), remove: parse(remove) };
      if (!label || [limits.flag, limits.remove].some((v) => v !== undefined && !(v >= 0 && v <= 1))) {
        throw new AppError('bad_request', 'threshold takes "label flag remove", scores between 0 and 1 ("-" for none)');
      }
      return { ...policy, thresholds: { ...policy.thresholds, [label]: limits } };
    }
    case 'action': {
      const [verdict, ...actions] = value.split(/\s+/);
      const valid = actions.every((a) => (ACTIONS as readonly string[]).includes(a));
      if ((verdict !== 'flag' && verdict !== 'remove') || !valid || actions.length === 0) {
        throw new AppError('bad_request', `action takes "flag|remove" and actions from: ${ACTIONS.join(', ')}`);
      }
      return { ...policy, actions: { ...policy.actions, [verdict]: actions } };
    }
    default:
      return policy;
  }
}

function describe(p: Policy, where: string): string {
  const thresholds = Object.entries(p.thresholds)
    .map(([label, t]) => `${label} ${t.flag ?? '-'}/${t.remove ?? '-'}`)
    .join(', ');
  return [
    `Moderation for ${where}: **${p.enabled ? 'on' : 'off'}**${p.dryRun ? ' (dry run: cases only, no actions)' : ''}`,
    `Models: ${p.models.join(', ')} · thresholds (flag/remove): ${thresholds}`,
    `On flag: ${p.actions.flag.join(', ')} · on remove: ${p.actions.remove.join(', ')}`,
    `Mod channel: ${p.modChannel ? `<#${p.modChannel}>` : 'not set'} · exempt roles: ${p.exemptRoles.length} · exempt channels: ${p.exemptChannels.length}`,
  ].join('\n');
}

/** AutoMod and moderators' own actions land in the mod-log as cases with who acted. */
async function recordPlatformStep(
  store: ModerationStore,
  ctx: SkillContext,
  step: z.infer<typeof record> | undefined,
): Promise<AdminOutput> {
  if (!ctx.background || !step) throw new AppError('forbidden', 'only the platform can record its own actions');
  const created = await store.createCase({
    tenantId: ctx.tenantId,
    source: `${ctx.platform}:${step.sourceId}`,
    platform: ctx.platform,
    channelId: step.channelId ?? '',
    userId: step.userId,
    text: [step.reason, step.text].filter(Boolean).join(' — ').slice(0, 4000) || step.action,
    verdict: 'remove',
    reasons: [],
    scores: {},
    models: [],
    actions: [step.action],
    dryRun: false,
    points: 0,
    moderator: step.by,
  });
  return { message: created ? `Case #${created.number} recorded` : 'Already recorded' };
}

async function appealForm(store: ModerationStore, ctx: SkillContext, tenantId: string, number: number) {
  const found = await store.getCase(tenantId, number);
  if (!found || found.userId !== ctx.userId) throw new AppError('not_found', `you have no case #${number} to appeal`);
  if (found.status !== 'open') throw new AppError('bad_request', `case #${number} is already ${found.status}`);
  return {
    message: `Appeal case #${number}`,
    reply: {
      form: {
        actionId: 'moderation:appeal-submit',
        value: `${tenantId}:${number}`,
        title: `Appeal case #${number}`,
        fields: [{ id: 'reason', label: 'Why should a moderator look again?', style: 'paragraph' as const }],
      },
    },
  };
}

async function submitAppeal(
  store: ModerationStore,
  ctx: SkillContext,
  action: SkillAction,
  tenantId: string,
  number: number,
): Promise<AdminOutput> {
  const found = await store.getCase(tenantId, number);
  if (!found || found.userId !== ctx.userId) throw new AppError('not_found', `you have no case #${number} to appeal`);
  const reason = action.fields?.reason?.trim() || '(no reason given)';
  const updated = (await store.updateCase(tenantId, number, { status: 'appealed', appeal: reason })) ?? found;
  const policy = await store.policy(tenantId, found.channelId);
  const buttons = [
    {
      actionId: 'moderation:decide',
      label: 'Approve appeal',
      value: `${tenantId}:${number}:approve`,
      style: 'primary' as const,
    },
    {
      actionId: 'moderation:decide',
      label: 'Deny appeal',
      value: `${tenantId}:${number}:deny`,
      style: 'danger' as const,
    },
  ];
  if (policy.modChannel && ctx.actions.post)
    await ctx.actions.post(policy.modChannel, caseReport(updated, { buttons }));
  return { message: `Your appeal of case #${number} was sent to the moderators. You will hear back here.` };
}

async function decide(
  store: ModerationStore,
  ctx: SkillContext,
  number: number,
  approve: boolean,
): Promise<AdminOutput> {
  const found = await store.getCase(ctx.tenantId, number);
  if (!found) throw new AppError('not_found', `there is no case #${number}`);
  if (found.status === 'upheld' || found.status === 'overturned') {
    return { message: `Case #${number} was already decided (${found.status}).` };
  }
  const status = approve ? ('overturned' as const) : ('upheld' as const);
  await store.updateCase(ctx.tenantId, number, { status, decidedBy: ctx.userId });
  const verdict = approve ? 'approved: the case is overturned and its points removed' : 'denied: the case stands';
  await ctx.actions.dm?.(found.userId, { text: `Your appeal of case #${number} was ${verdict}.` });
  return {
    message: `Case #${number}: appeal ${approve ? 'approved' : 'denied'} by <@${ctx.userId}>.`,
    decided: { case: number, status, decidedBy: ctx.userId, userId: found.userId },
  };
}
