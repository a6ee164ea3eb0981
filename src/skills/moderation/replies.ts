import type { SkillReply } from '../skill.js';
import type { ModCase } from './store.js';

const excerpt = (text: string) => text.replace(/\s+/g, ' ').slice(0, 300);

/** A case as the moderators see it in the mod channel. */
export function caseReport(c: ModCase, extra: Partial<SkillReply> = {}): SkillReply {
  const reasons = c.reasons.map((r) => `${r.label} ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`).join(', ');
  return {
    text: [
      `**Case #${c.number}** · <@${c.userId}> in <#${c.channelId}> · **${c.verdict}**${c.dryRun ? ' (dry run)' : ''}`,
      `Rule: ${reasons || (c.moderator === 'automod' ? 'Discord AutoMod' : `moderator action by <@${c.moderator}>`)}`,
      `> ${excerpt(c.text)}`,
      `Model: ${c.models.map((m) => `${m.repo} @ ${m.revision.slice(0, 12)}`).join(', ') || '—'}`,
      `Actions: ${c.actions.join(', ') || 'none'} · Points: ${c.points} · Status: ${c.status}`,
      ...(c.appeal ? [`Appeal: ${excerpt(c.appeal)}`] : []),
      ...(c.decidedBy ? [`Decided by <@${c.decidedBy}>`] : []),
    ].join('\n'),
    ...extra,
  };
}

/** Tells the author what happened and offers an appeal (the case's tenant rides in the button's value). */
export function warning(c: ModCase): SkillReply {
  return {
    text:
      `Your message in <#${c.channelId}> was ${c.verdict === 'remove' ? 'removed' : 'flagged'} by the server's ` +
      `moderation (case #${c.number}: ${c.reasons.map((r) => r.label).join(', ')}).\n` +
      'If you think this was a mistake, you can appeal and a moderator will look at it.',
    buttons: [{ actionId: 'moderation:appeal', label: 'Appeal', value: `${c.tenantId}:${c.number}`, style: 'primary' }],
  };
}
