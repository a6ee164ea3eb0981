import { noticesIn } from '../refusal.js';
import { inLargestUnit, parseStep } from './ladder.js';
import type { Policy } from './policy.js';
import { notice } from './refuse.js';

/**
 * The policy as moderators read it, in their language, with the role gates of the same scope. Labels, actions and
 * ladder steps stay the words moderators type in policy commands.
 */
export function describePolicy(
  p: Policy,
  scope: 'server' | 'channel',
  gates: Record<string, string[]>,
  locale: string | undefined,
): string {
  const say = noticesIn('moderation', locale);
  const thresholds = Object.entries(p.thresholds)
    .map(([label, t]) => `${label} ${t.flag ?? '-'}/${t.remove ?? '-'}`)
    .join(', ');
  const ladder = p.escalation
    .map((l) => `${l.points} → ${describeStep(l.action, p.timeoutMinutes, locale)}`)
    .join(', ');
  const channel = p.modChannel ? `<#${p.modChannel}>` : say('policyNotSet');
  const pinged = p.reportPing.map((r) => `<@&${r}>`).join(' ');
  return [
    say('policyHeader', { scope, enabled: p.enabled ? 'yes' : 'no', dryRun: p.dryRun ? 'yes' : 'no' }),
    say('policyModels', { models: p.models.join(', '), thresholds }),
    say('policyActions', {
      flag: p.actions.flag.join(', '),
      remove: p.actions.remove.join(', '),
      timeout: duration(p.timeoutMinutes, locale),
    }),
    say('policyModChannel', {
      channel: pinged ? say('policyReportPing', { channel, roles: pinged }) : channel,
      roles: p.exemptRoles.length,
      channels: p.exemptChannels.length,
    }),
    say('policyPoints', { ...p.points, days: p.points_ttl_days }),
    say('policyLadder', { ladder: ladder || say('policyNone') }),
    say('policyModeratorMessages', { mode: p.moderatorMessages }),
    gatesLine(gates, locale),
  ].join('\n');
}

/** The role gates (`roles.<skill>` settings) of a scope, in one line. */
export function gatesLine(gates: Record<string, string[]>, locale: string | undefined): string {
  const gated = Object.entries(gates).map(([skill, roles]) => `/${skill} → ${roles.map((r) => `<@&${r}>`).join(' ')}`);
  return notice(locale, 'policyGates', { gates: gated.join(', ') || notice(locale, 'policyNoGates') });
}

/** "timeout:1d" → "timeout for 1 day"; other steps by their name. */
function describeStep(action: string, defaultMinutes: number, locale: string | undefined): string {
  const step = parseStep(action);
  if (step.kind !== 'timeout') return step.kind;
  return notice(locale, 'policyTimeoutFor', { duration: duration(step.minutes ?? defaultMinutes, locale) });
}

function duration(minutes: number, locale: string | undefined): string {
  return notice(locale, 'duration', inLargestUnit(minutes));
}
