import type { SkillContext } from '../skill.js';
import { refuse } from './refuse.js';
import type { ModerationStore } from './store.js';

/**
 * Skills that must stay open to everyone: gating `moderation` would take `do:appeal` from members (and could lock
 * moderators out), gating `moderate` would exempt everyone without the role from channel moderation.
 */
const NEVER_GATED = new Set(['moderation', 'moderate']);

/** A role as moderators name it: a Discord role mention (<@&123>) or a raw role id (a snowflake). */
export function parseRole(token: string): string {
  const mention = /^<@&([\w-]{1,64})>$/.exec(token);
  if (mention?.[1]) return mention[1];
  if (/^\d{5,20}$/.test(token)) return token;
  if (/^<[@#]/.test(token)) throw refuse('bad_request', 'roleIsUserOrChannel', { token });
  throw refuse('bad_request', 'notRole', { token });
}

/**
 * `do:role-gate value:"<skill> <role…>"` writes the core's `roles.<skill>` setting (for the server, or this channel
 * with `here`): only members with one of the roles may run the skill. `"<skill> off"` lifts the gate.
 */
export async function setRoleGate(
  store: ModerationStore,
  ctx: SkillContext,
  scope: string,
  value: string | undefined,
  skills: () => readonly string[],
): Promise<string> {
  const [first = '', ...rest] = (value ?? '').trim().split(/\s+/);
  const skill = first.replace(/^\//, '').toLowerCase();
  if (!skill || rest.length === 0) throw refuse('bad_request', 'roleGateSyntax');
  if (!skills().includes(skill)) {
    const known = skills().filter((s) => !NEVER_GATED.has(s));
    throw refuse('bad_request', 'gateUnknownCommand', { command: skill, known: known.join(', ') });
  }
  if (NEVER_GATED.has(skill)) throw refuse('bad_request', 'neverGated', { command: skill });
  if (ctx.platform === 'slack') throw refuse('bad_request', 'slackNoRoles');
  if (rest.length === 1 && /^(off|none|everyone)$/i.test(rest[0] ?? '')) {
    await store.setRoleGate(ctx.tenantId, scope, skill, []);
    return `/${skill} is open to everyone again.`;
  }
  const roles = [...new Set(rest.map(parseRole))];
  await store.setRoleGate(ctx.tenantId, scope, skill, roles);
  return `/${skill} is now only for members with ${roles.map((r) => `<@&${r}>`).join(' or ')}.`;
}
