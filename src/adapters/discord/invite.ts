import { OAuth2Scopes, PermissionFlagsBits, type PermissionsString } from 'discord.js';
import type { AnySkill, PlatformNeed } from '../../skills/skill.js';

/** What every skill needs to answer where it was asked: see the channel, reply (in threads too) with embeds. */
const TO_ANSWER: readonly PermissionsString[] = [
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'EmbedLinks',
  'ReadMessageHistory',
];

/** The Discord permissions behind each platform need (the Message Content intent is not a permission). */
const PERMISSIONS_OF: Record<PlatformNeed, readonly PermissionsString[]> = {
  'message-content': [],
  history: ['ReadMessageHistory'],
  files: ['AttachFiles'],
  threads: ['CreatePublicThreads'],
  react: ['AddReactions'],
  'delete-messages': ['ManageMessages'],
  'timeout-members': ['ModerateMembers'],
  'kick-members': ['KickMembers'],
  'ban-members': ['BanMembers'],
};

export interface DiscordInvite {
  url: string;
  scopes: string[];
  /** The permission integer in the URL, as a decimal string (it exceeds 2^53 in general). */
  permissions: string;
  /** Each permission, Discord's name for it, and which skills need it ('every skill' for the answering ones). */
  reasons: { permission: PermissionsString; label: string; neededBy: string[] }[];
  /** Skills that read messages not addressed to the bot: the privileged Message Content intent must be enabled. */
  messageContent: string[];
}

/** "SendMessagesInThreads" → "Send Messages In Threads", as Discord's settings name it. */
export const permissionLabel = (name: PermissionsString) => name.replace(/([a-z])([A-Z])/g, '$1 $2');

/**
 * The OAuth2 URL that adds the bot to a server with exactly what the skills need: the `bot` and
 * `applications.commands` scopes, and the union of the skills' permissions (none the skills don't use).
 */
export function discordInvite(applicationId: string, skills: readonly AnySkill[]): DiscordInvite {
  const neededBy = new Map<PermissionsString, string[]>(TO_ANSWER.map((p) => [p, ['every skill']]));
  for (const skill of skills) {
    for (const need of skill.needs ?? []) {
      for (const permission of PERMISSIONS_OF[need]) {
        const list = neededBy.get(permission) ?? [];
        if (!list.includes(skill.name)) list.push(skill.name);
        neededBy.set(permission, list);
      }
    }
  }
  const bits = [...neededBy.keys()].reduce((all, p) => all | PermissionFlagsBits[p], 0n);
  const scopes = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands];
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: scopes.join(' '),
    permissions: bits.toString(),
    integration_type: '0', // added to a server (not to a user's account)
  });
  return {
    url: `https://discord.com/oauth2/authorize?${query}`,
    scopes,
    permissions: bits.toString(),
    reasons: [...neededBy].map(([permission, by]) => ({
      permission,
      label: permissionLabel(permission),
      neededBy: by,
    })),
    messageContent: skills.filter((s) => s.needs?.includes('message-content')).map((s) => s.name),
  };
}

/** The invite as a person reads it: the URL, then why each permission is asked for. */
export function renderInvite(invite: DiscordInvite): string {
  const lines = [
    'Open this link to add the bot to a server you manage:',
    '',
    `  ${invite.url}`,
    '',
    `Scopes: ${invite.scopes.join(', ')}. Permissions (${invite.permissions}):`,
    ...invite.reasons.map((r) => `  - ${r.label}: ${r.neededBy.join(', ')}`),
  ];
  if (invite.messageContent.length) {
    lines.push(
      '',
      `Also enable the Message Content intent (developer portal → your app → Bot → Privileged Gateway Intents): ` +
        `${invite.messageContent.join(', ')} read messages not addressed to the bot.`,
    );
  }
  return lines.join('\n');
}
