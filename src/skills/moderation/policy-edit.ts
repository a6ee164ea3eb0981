import { parseLadder } from './ladder.js';
import { ACTIONS, DEFAULT_POLICY, MODERATOR_MESSAGES, type Policy } from './policy.js';
import { refuse } from './refuse.js';

/** The `do` choices that change the policy (the others read cases, gate roles, warn, pardon or appeal). */
export const POLICY_EDITS = [
  'show',
  'enable',
  'disable',
  'dry-run',
  'live',
  'mod-channel',
  'report-ping',
  'exempt-role',
  'exempt-channel',
  'moderator',
  'threshold',
  'action',
  'ladder',
  'points-ttl',
  'moderator-messages',
] as const;
export type PolicyEdit = (typeof POLICY_EDITS)[number];

/** One policy edit from the command; a value that does not parse is a clear 400, never a silent no-op. */
export function edit(policy: Policy, what: PolicyEdit, value: string): Policy {
  // Discord mentions <#123>, <@&456>; Slack's <#C123|name>, <@U123>.
  const id = value.replace(/^<[@#&!]*([^|>]+)(\|[^>]*)?>$/, '$1').trim();
  const toggle = (list: string[]) => (list.includes(id) ? list.filter((v) => v !== id) : [...list, id]);
  const need = () => {
    if (!id) throw refuse('bad_request', 'needsValue', { what });
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
    case 'report-ping':
      need();
      return { ...policy, reportPing: toggle(policy.reportPing) };
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
        throw refuse('bad_request', 'thresholdSyntax');
      }
      return { ...policy, thresholds: { ...policy.thresholds, [label]: limits } };
    }
    case 'action': {
      const [verdict, ...actions] = value.split(/\s+/);
      const valid = actions.every((a) => (ACTIONS as readonly string[]).includes(a));
      if ((verdict !== 'flag' && verdict !== 'remove') || !valid || actions.length === 0) {
        throw refuse('bad_request', 'actionSyntax', { actions: ACTIONS.join(', ') });
      }
      return { ...policy, actions: { ...policy.actions, [verdict]: actions } };
    }
    case 'ladder': {
      need();
      const ladder = parseLadder(value);
      return { ...policy, escalation: ladder === 'default' ? DEFAULT_POLICY.escalation : ladder };
    }
    case 'points-ttl': {
      const days = Number(value.trim().replace(/\s*d(ays?)?$/i, ''));
      if (!Number.isInteger(days) || days < 1 || days > 3650) {
        throw refuse('bad_request', 'pointsTtlSyntax');
      }
      return { ...policy, points_ttl_days: days };
    }
    case 'moderator-messages': {
      const choice = MODERATOR_MESSAGES.find((m) => m === value.trim().toLowerCase());
      if (!choice) {
        throw refuse('bad_request', 'moderatorMessagesSyntax');
      }
      return { ...policy, moderatorMessages: choice };
    }
    default:
      return policy;
  }
}
