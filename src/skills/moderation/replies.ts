import { noticesIn } from '../refusal.js';
import type { SkillContext, SkillReply } from '../skill.js';
import { notice } from './refuse.js';
import { caseLanguage, type ModCase } from './store.js';

const excerpt = (text: string) => text.replace(/\s+/g, ' ').slice(0, 300);

/**
 * A case as the moderators see it, in `locale` (the moderator's when they ask; the server's in the mod channel).
 * Verdicts, actions and statuses stay the words moderators type in policy commands.
 */
export function caseReport(c: ModCase, locale?: string, extra: Partial<SkillReply> = {}): SkillReply {
  const say = noticesIn('moderation', locale);
  const reasons = c.reasons.map((r) => `${r.label} ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`).join(', ');
  const rule =
    reasons || (c.moderator === 'automod' ? 'Discord AutoMod' : say('reportByModerator', { user: c.moderator ?? '' }));
  const models = c.models.map((m) => `${m.repo} @ ${m.revision.slice(0, 12)}`).join(', ') || '—';
  const language = caseLanguage(c);
  const header = { number: String(c.number), user: c.userId, channel: c.channelId, verdict: c.verdict };
  return {
    text: [
      say('reportHeader', { ...header, dryRun: c.dryRun ? 'yes' : 'no' }),
      say('reportRule', { rule }),
      `> ${excerpt(c.text)}`,
      [say('reportModel', { models }), ...(language ? [say('reportLanguage', { language })] : [])].join(' · '),
      say('reportState', {
        actions: c.actions.join(', ') || say('reportNone'),
        points: String(c.points),
        status: c.status,
      }),
      ...(c.appeal ? [say('reportAppeal', { text: excerpt(c.appeal) })] : []),
      ...(c.decidedBy ? [say('reportDecided', { user: c.decidedBy })] : []),
      ...(c.pardonedBy ? [say('reportPardoned', { user: c.pardonedBy })] : []),
    ].join('\n'),
    ...extra,
  };
}

/**
 * Tells the author what happened (their message was flagged or removed, or a moderator warned them) and offers an
 * appeal (the case's tenant rides in the button's value).
 */
export function warning(c: ModCase, locale?: string): SkillReply {
  const [channel, number] = [c.channelId, String(c.number)];
  const what = c.reasons.length
    ? notice(locale, 'dmFlagged', {
        channel,
        number,
        verdict: c.verdict,
        reasons: c.reasons.map((r) => r.label).join(', '),
      })
    : notice(locale, 'dmWarned', { channel, number, text: excerpt(c.text) });
  const label = notice(locale, 'appealButton');
  return {
    text: `${what}\n${notice(locale, 'dmAppealHint')}`,
    buttons: [{ actionId: 'moderation:appeal', label, value: `${c.tenantId}:${c.number}`, style: 'primary' }],
  };
}

/** Tells the person a moderator pardoned one of their cases. */
export function pardonNotice(c: ModCase, locale?: string): SkillReply {
  return { text: notice(locale, 'dmPardoned', { number: String(c.number), channel: c.channelId }) };
}

/** Tells the person how a moderator decided their appeal. */
export function appealDecision(number: number, approved: boolean, locale?: string): SkillReply {
  const args = { number: String(number), approved: approved ? 'yes' : 'no' };
  return { text: notice(locale, 'dmAppealDecided', args) };
}

/**
 * The language to write to `userId` in: theirs or their server's as the platform tells it, else the event's when
 * the event is theirs (their own message), else English. A failed look-up is not worth a missing DM.
 */
export async function recipientLocale(ctx: SkillContext, userId: string): Promise<string | undefined> {
  const told = await ctx.actions.localeOf?.(userId).catch(() => undefined);
  return told ?? (userId === ctx.userId ? ctx.locale : undefined);
}

/** The language of posts to the mod channel: the community's where the platform tells it, else English. */
export async function communityLocale(ctx: SkillContext): Promise<string | undefined> {
  return ctx.actions.communityLocale?.().catch(() => undefined);
}
