import type { SkillReply } from '../skill.js';
import { caseLanguage, type ModCase } from './store.js';

const excerpt = (text: string) => text.replace(/\s+/g, ' ').slice(0, 300);

/** A case as the moderators see it in the mod channel. */
export function caseReport(c: ModCase, extra: Partial<SkillReply> = {}): SkillReply {
  const reasons = c.reasons.map((r) => `${r.label} ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`).join(', ');
  return {
    text: [
      `**Case #${c.number}** · <@${c.userId}> in <#${c.channelId}> · **${c.verdict}**${c.dryRun ? ' (dry run)' : ''}`,
      `Rule: ${reasons || (c.moderator === 'automod' ? 'Discord AutoMod' : `moderator action by <@${c.moderator}>`)}`,
      `> ${excerpt(c.text)}`,
      `Model: ${c.models.map((m) => `${m.repo} @ ${m.revision.slice(0, 12)}`).join(', ') || '—'}` +
        (caseLanguage(c) ? ` · Language: ${caseLanguage(c)}` : ''),
      `Actions: ${c.actions.join(', ') || 'none'} · Points: ${c.points} · Status: ${c.status}`,
      ...(c.appeal ? [`Appeal: ${excerpt(c.appeal)}`] : []),
      ...(c.decidedBy ? [`Decided by <@${c.decidedBy}>`] : []),
      ...(c.pardonedBy ? [`Pardoned by <@${c.pardonedBy}>: its points no longer count`] : []),
    ].join('\n'),
    ...extra,
  };
}

/**
 * Tells the author what happened (their message was flagged or removed, or a moderator warned them) and offers an
 * appeal (the case's tenant rides in the button's value).
 */
export function warning(c: ModCase): SkillReply {
  const what = c.reasons.length
    ? `Your message in <#${c.channelId}> was ${c.verdict === 'remove' ? 'removed' : 'flagged'} by the server's ` +
      `moderation (case #${c.number}: ${c.reasons.map((r) => r.label).join(', ')}).`
    : `A moderator warned you in <#${c.channelId}> (case #${c.number}): ${excerpt(c.text)}`;
  return {
    text: `${what}\nIf you think this was a mistake, you can appeal and a moderator will look at it.`,
    buttons: [{ actionId: 'moderation:appeal', label: 'Appeal', value: `${c.tenantId}:${c.number}`, style: 'primary' }],
  };
}

/** Tells the person a moderator pardoned one of their cases. */
export function pardonNotice(c: ModCase): SkillReply {
  return { text: `A moderator pardoned case #${c.number} (in <#${c.channelId}>): its warning points no longer count.` };
}
