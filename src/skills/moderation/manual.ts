import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../errors.js';
import type { SkillContext } from '../skill.js';
import type { AdminOutput, platformRecord } from './admin-output.js';
import { actOn, caseBase, moderatesHere } from './cases.js';
import type { Policy } from './policy.js';
import { notice, refuse } from './refuse.js';
import { caseReport, pardonNotice, recipientLocale } from './replies.js';
import type { ModerationStore } from './store.js';

/**
 * A user as moderators name them: a Discord mention (<@123>, <@!123>), a Slack one (<@U123>, <@U123|name>), or a
 * raw id (a Discord snowflake, a Slack user id). Role and channel mentions, and plain words, are not users.
 */
export function parseUser(token: string): string | undefined {
  const mention = /^<@!?([\w-]{1,64})(\|[^>]*)?>$/.exec(token);
  if (mention) return mention[1];
  return /^(\d{5,20}|[UW][A-Z0-9]{5,20})$/.test(token) ? token : undefined;
}

/** "12" or "#12". */
export function parseCaseNumber(value: string | undefined, what: string): number {
  const match = /^#?(\d{1,9})$/.exec(value?.trim() ?? '');
  if (!match) throw refuse('bad_request', 'caseNumberSyntax', { what });
  return Number(match[1]);
}

/**
 * `do:warn value:"<@user> reason"`: a moderator's own case. The person gets the warning (with an appeal button),
 * the mod channel the report, and the case's points count toward the ladder like any other.
 */
export async function warn(store: ModerationStore, ctx: SkillContext, value: string | undefined): Promise<AdminOutput> {
  const [first = '', ...rest] = (value ?? '').trim().split(/\s+/);
  const userId = parseUser(first);
  const reason = rest.join(' ').trim();
  if (!userId || !reason) {
    throw first && !userId
      ? refuse('bad_request', 'warnNotUser', { token: first })
      : refuse('bad_request', 'warnSyntax');
  }
  if (userId === ctx.userId) throw refuse('bad_request', 'warnSelf');
  const policy = await store.policy(ctx.tenantId, ctx.channelId);
  if (await moderatesHere(ctx, policy, userId)) {
    throw refuse('forbidden', 'warnModerator', { user: userId });
  }
  const created = await store.createCase({
    ...caseBase(ctx, userId),
    source: `manual:${randomUUID()}`,
    text: reason,
    verdict: 'flag',
    reasons: [],
    scores: {},
    models: [],
    actions: [],
    dryRun: false,
    points: policy.points.warn,
    moderator: ctx.userId,
  });
  if (!created) throw new AppError('internal', 'the case could not be recorded');
  const planned = policy.modChannel ? ['warn', 'report'] : ['warn'];
  const acted = await actOn(created, planned, policy, store, ctx);
  const total = await store.points(ctx.tenantId, userId, policy.points_ttl_days);
  return {
    message: notice(ctx.locale, 'warnedCase', {
      number: String(acted.number),
      user: userId,
      points: acted.points,
      total,
      actions: acted.actions.join(', '),
    }),
    cases: [acted],
  };
}

/** `do:pardon value:12`: the case stays in the log, its points stop counting; the person is told. */
export async function pardon(
  store: ModerationStore,
  ctx: SkillContext,
  policy: Policy,
  value: string | undefined,
): Promise<AdminOutput> {
  const number = parseCaseNumber(value, 'pardon');
  const found = await store.getCase(ctx.tenantId, number);
  if (!found) throw refuse('not_found', 'noCase', { number: String(number) });
  if (found.pardonedBy) {
    return {
      message: notice(ctx.locale, 'caseAlreadyPardoned', { number: String(number), moderator: found.pardonedBy }),
    };
  }
  const updated = (await store.updateCase(ctx.tenantId, number, { pardonedBy: ctx.userId })) ?? found;
  // Only people who were given points hear of it: a pardon of a case they never saw would only puzzle them.
  if (found.points > 0 && !found.dryRun) {
    const locale = await recipientLocale(ctx, found.userId);
    await ctx.actions.dm?.(found.userId, pardonNotice(found, locale)).catch((err: unknown) => {
      ctx.log.warn({ err, case: number }, 'could not tell the user about a pardon');
    });
  }
  const total = await store.points(ctx.tenantId, found.userId, policy.points_ttl_days);
  return {
    message: notice(ctx.locale, 'casePardoned', { number: String(number), user: found.userId, total }),
    cases: [updated],
  };
}

/** AutoMod and moderators' own actions land in the mod-log as cases with who acted. */
export async function recordPlatformStep(
  store: ModerationStore,
  ctx: SkillContext,
  step: z.infer<typeof platformRecord> | undefined,
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

/** `do:case value:12`. */
export async function showCase(store: ModerationStore, ctx: SkillContext, value: string | undefined) {
  const number = parseCaseNumber(value, 'case');
  const found = await store.getCase(ctx.tenantId, number);
  if (!found) throw refuse('not_found', 'noCase', { number: String(number) });
  return { message: caseReport(found, ctx.locale).text, cases: [found] };
}
