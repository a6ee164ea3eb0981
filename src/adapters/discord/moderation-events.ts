import {
  AuditLogEvent,
  type AutoModerationActionExecution,
  AutoModerationActionType,
  type Client,
  Events,
  type Guild,
  type GuildAuditLogsEntry,
} from 'discord.js';
import type { PlatformModerationRecord } from '../../skills/moderation/store.js';

const AUTOMOD_ACTIONS: Record<number, string> = {
  [AutoModerationActionType.BlockMessage]: 'block message',
  [AutoModerationActionType.SendAlertMessage]: 'alert',
  [AutoModerationActionType.Timeout]: 'timeout',
  [AutoModerationActionType.BlockMemberInteraction]: 'block interaction',
};

/** AutoMod fires once per action of a rule; all of them are one case (the source ignores the action). */
export function autoModRecord(execution: AutoModerationActionExecution): PlatformModerationRecord {
  const keyword = execution.matchedKeyword ?? execution.matchedContent;
  return {
    by: 'automod',
    userId: execution.userId,
    channelId: execution.channelId ?? undefined,
    action: AUTOMOD_ACTIONS[execution.action.type] ?? 'automod action',
    reason: `AutoMod rule ${execution.autoModerationRule?.name ?? execution.ruleId}${keyword ? ` (matched "${keyword}")` : ''}`,
    text: execution.content || undefined,
    sourceId: `automod:${execution.messageId ?? execution.alertSystemMessageId ?? Date.now()}:${execution.ruleId}`,
  };
}

/** Moderators' own bans, kicks, timeouts and deletions of other people's messages, from the audit log. */
export function auditRecord(
  entry: GuildAuditLogsEntry,
  botId: string | undefined,
): PlatformModerationRecord | undefined {
  if (!entry.executorId || entry.executorId === botId || !entry.targetId) return undefined;
  const timedOut = entry.changes.some((c) => c.key === 'communication_disabled_until' && c.new);
  const action =
    entry.action === AuditLogEvent.MemberBanAdd
      ? 'ban'
      : entry.action === AuditLogEvent.MemberKick
        ? 'kick'
        : entry.action === AuditLogEvent.MemberUpdate && timedOut
          ? 'timeout'
          : entry.action === AuditLogEvent.MessageDelete
            ? 'delete message'
            : undefined;
  if (!action) return undefined;
  const extra = entry.extra as { channel?: { id: string } } | null;
  return {
    by: entry.executorId,
    userId: entry.targetId,
    channelId: extra?.channel?.id,
    action,
    reason: entry.reason ?? undefined,
    sourceId: `audit:${entry.id}`,
  };
}

/** Feeds AutoMod executions and moderators' audit-log actions to `report`, with the guild they happened in. */
export function watchModeration(client: Client, report: (guild: Guild, record: PlatformModerationRecord) => void) {
  client.on(Events.AutoModerationActionExecution, (execution) => report(execution.guild, autoModRecord(execution)));
  client.on(Events.GuildAuditLogEntryCreate, (entry, guild) => {
    const record = auditRecord(entry, client.user?.id);
    if (record) report(guild, record);
  });
}
