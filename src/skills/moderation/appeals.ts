import type { SkillAction, SkillContext } from '../skill.js';
import type { AdminOutput } from './admin-output.js';
import { notice, refuse } from './refuse.js';
import { appealDecision, caseReport, communityLocale, recipientLocale } from './replies.js';
import type { ModerationStore } from './store.js';

/**
 * Appeals: the person a case is about opens a form (from the DM's button or `do:appeal`), the mod channel gets it
 * with Approve/Deny buttons, and a moderator's decision is recorded and told to the person.
 */
export async function appealForm(store: ModerationStore, ctx: SkillContext, tenantId: string, number: number) {
  const found = await store.getCase(tenantId, number);
  const args = { number: String(number) };
  if (!found || found.userId !== ctx.userId) throw refuse('not_found', 'noCaseToAppeal', args);
  if (found.status !== 'open') throw refuse('bad_request', 'alreadyDecided', { ...args, status: found.status });
  const title = notice(ctx.locale, 'appealTitle', args);
  const label = notice(ctx.locale, 'appealQuestion');
  return {
    message: title,
    reply: {
      form: {
        actionId: 'moderation:appeal-submit',
        value: `${tenantId}:${number}`,
        title,
        fields: [{ id: 'reason', label, style: 'paragraph' as const }],
      },
    },
  };
}

export async function submitAppeal(
  store: ModerationStore,
  ctx: SkillContext,
  action: SkillAction,
  tenantId: string,
  number: number,
): Promise<AdminOutput> {
  const found = await store.getCase(tenantId, number);
  if (!found || found.userId !== ctx.userId) throw refuse('not_found', 'noCaseToAppeal', { number: String(number) });
  const reason = action.fields?.reason?.trim() || '(no reason given)';
  const updated = (await store.updateCase(tenantId, number, { status: 'appealed', appeal: reason })) ?? found;
  const policy = await store.policy(tenantId, found.channelId);
  const locale = await communityLocale(ctx);
  const buttons = [
    {
      actionId: 'moderation:decide',
      label: notice(locale, 'approveAppeal'),
      value: `${tenantId}:${number}:approve`,
      style: 'primary' as const,
    },
    {
      actionId: 'moderation:decide',
      label: notice(locale, 'denyAppeal'),
      value: `${tenantId}:${number}:deny`,
      style: 'danger' as const,
    },
  ];
  if (policy.modChannel && ctx.actions.post)
    await ctx.actions.post(policy.modChannel, caseReport(updated, locale, { buttons }));
  return { message: notice(ctx.locale, 'appealSent', { number: String(number) }) };
}

export async function decide(
  store: ModerationStore,
  ctx: SkillContext,
  number: number,
  approve: boolean,
): Promise<AdminOutput> {
  const found = await store.getCase(ctx.tenantId, number);
  if (!found) throw refuse('not_found', 'noCase', { number: String(number) });
  if (found.status === 'upheld' || found.status === 'overturned') {
    return { message: notice(ctx.locale, 'caseAlreadyDecided', { number: String(number), status: found.status }) };
  }
  const status = approve ? ('overturned' as const) : ('upheld' as const);
  await store.updateCase(ctx.tenantId, number, { status, decidedBy: ctx.userId });
  await ctx.actions.dm?.(found.userId, appealDecision(number, approve, await recipientLocale(ctx, found.userId)));
  return {
    message: notice(ctx.locale, 'appealDecidedBy', {
      number: String(number),
      approved: approve ? 'yes' : 'no',
      moderator: ctx.userId,
    }),
    decided: { case: number, status, decidedBy: ctx.userId, userId: found.userId },
  };
}
