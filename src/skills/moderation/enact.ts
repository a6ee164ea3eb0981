import type { MemberStep, PlatformActions, SkillContext, SkillFile } from '../skill.js';
import { parseStep } from './ladder.js';
import type { Policy } from './policy.js';
import { notice } from './refuse.js';
import { caseReport, communityLocale, recipientLocale, warning } from './replies.js';
import type { ModCase, ModerationStore } from './store.js';

/**
 * Runs a verdict's actions through the platform, in order. Each comes back as what the case records: the action,
 * or the action with why it was not done ("not possible here", "not possible: <reason>", "failed: <error>").
 * `media`: a flagged image, shown to moderators only behind a spoiler (reports) and reposted that way (`spoiler`).
 */
export async function enact(
  actions: readonly string[],
  c: ModCase,
  policy: Policy,
  ctx: SkillContext,
  media: readonly SkillFile[] = [],
) {
  const done: string[] = [];
  for (const action of actions) done.push(await enactOne(action, c, policy, ctx, media));
  return done;
}

async function enactOne(
  action: string,
  c: ModCase,
  policy: Policy,
  ctx: SkillContext,
  media: readonly SkillFile[] = [],
): Promise<string> {
  const platform = ctx.actions;
  const hidden = media.map((file) => ({ ...file, spoiler: true }));
  switch (action) {
    case 'react':
      return attempt(action, c, ctx, bind(platform, platform.react, '⚠️'));
    case 'delete':
      return attempt(action, c, ctx, bind(platform, platform.remove));
    case 'warn': {
      const told = warning(c, await recipientLocale(ctx, c.userId));
      return attempt(action, c, ctx, bind(platform, platform.dm, c.userId, told));
    }
    case 'report': {
      if (!policy.modChannel) return 'report (not possible here: no mod channel set)';
      const report = reportOf(c, policy, hidden, await communityLocale(ctx));
      return attempt(action, c, ctx, bind(platform, platform.post, policy.modChannel, report));
    }
    case 'spoiler': {
      const locale = await communityLocale(ctx);
      return attempt(action, c, ctx, hidden.length ? repostHidden(platform, c, hidden, locale) : undefined);
    }
    case 'timeout':
      return memberStep('timeout', action, c, ctx, policy.timeoutMinutes);
    default:
      return `${action} (not possible here)`;
  }
}

/** One ladder step (`warn`, `timeout`, `timeout:1d`, `kick`, `ban`) against the case's user. */
export async function enactStep(text: string, c: ModCase, policy: Policy, ctx: SkillContext): Promise<string> {
  const step = parseStep(text);
  if (step.kind === 'warn') return enactOne('warn', c, policy, ctx);
  return memberStep(step.kind, text, c, ctx, step.kind === 'timeout' ? (step.minutes ?? policy.timeoutMinutes) : 0);
}

/**
 * A step against the member: never attempted blindly. The platform first says whether the bot may (role
 * hierarchy, the owner, permissions); an impossible step is recorded with the reason instead.
 */
async function memberStep(
  kind: MemberStep,
  label: string,
  c: ModCase,
  ctx: SkillContext,
  minutes: number,
): Promise<string> {
  const platform = ctx.actions;
  const reason = `case #${c.number}`;
  const run = {
    timeout: bind(platform, platform.timeout, c.userId, minutes, reason),
    kick: bind(platform, platform.kick, c.userId, reason),
    ban: bind(platform, platform.ban, c.userId, reason),
  }[kind];
  if (!run) return `${label} (not possible here)`;
  let refusal: string | undefined;
  try {
    refusal = await platform.refusal?.(kind, c.userId);
  } catch (error) {
    ctx.log.warn({ err: error, case: c.number, step: kind }, 'could not check whether a moderation step is possible');
    return `${label} (not attempted: could not check the member: ${messageOf(error)})`;
  }
  if (refusal) return `${label} (not possible: ${refusal})`;
  return attempt(label, c, ctx, run);
}

async function attempt(
  label: string,
  c: ModCase,
  ctx: SkillContext,
  run: (() => Promise<void>) | undefined,
): Promise<string> {
  if (!run) return `${label} (not possible here)`;
  try {
    await run();
    return label;
  } catch (error) {
    ctx.log.warn({ err: error, case: c.number, action: label }, 'moderation action failed');
    return `${label} (failed: ${messageOf(error)})`;
  }
}

/**
 * Warning points: crossing a ladder level runs its step once. Points count over the policy's `points_ttl_days`,
 * without pardoned or overturned cases, so a user's slate clears with time.
 */
export async function escalate(
  c: ModCase,
  policy: Policy,
  store: ModerationStore,
  ctx: SkillContext,
): Promise<string[]> {
  if (c.points === 0) return [];
  const total = await store.points(ctx.tenantId, c.userId, policy.points_ttl_days);
  const crossed = policy.escalation.filter((level) => total >= level.points && total - c.points < level.points);
  const done: string[] = [];
  for (const level of crossed) {
    const result = await enactStep(level.action, c, policy, ctx);
    done.push(`escalation at ${level.points} point${level.points === 1 ? '' : 's'}: ${result}`);
  }
  return done;
}

/** A platform capability with its arguments, ready to run; undefined where the platform lacks it. */
function bind<A extends unknown[]>(
  platform: PlatformActions,
  capability: ((...args: A) => Promise<void>) | undefined,
  ...args: A
): (() => Promise<void>) | undefined {
  return capability && (() => capability.apply(platform, args));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A case as posted to the mod channel, pinging the roles the policy names (and nothing else). */
function reportOf(c: ModCase, policy: Policy, hidden: SkillFile[], locale: string | undefined) {
  return caseReport(c, locale, {
    ...(policy.reportPing.length ? { ping: { roles: policy.reportPing } } : {}),
    ...(hidden.length ? { files: hidden } : {}),
  });
}

/**
 * The `spoiler` action: the message goes, its flagged image comes back behind a spoiler where it was posted, with a
 * note saying whose it was and why it is hidden. Only where the platform can hide files (Discord).
 */
function repostHidden(platform: PlatformActions, c: ModCase, hidden: SkillFile[], locale: string | undefined) {
  const note = notice(locale, 'hiddenImage', { user: c.userId, number: String(c.number) });
  return bind(platform, platform.replaceHidden, { text: note, files: hidden });
}
