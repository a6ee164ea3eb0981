import type { LoadedDocument } from '../../retrieval/load-document.js';
import { refusals } from '../refusal.js';
import type { SkillContext } from '../skill.js';

const refuse = refusals('kb');

/**
 * A thread (or a channel's latest messages) as one knowledge-base document: each message with its author and
 * time, so answers can cite who said it. Importing the same conversation again replaces the earlier import. The
 * document keeps the channel it came from (a thread's, its parent's): its passages reach only people who can read it.
 */
export async function importConversation(
  from: 'thread' | 'channel',
  limit: number,
  ctx: SkillContext,
): Promise<LoadedDocument & { sourceChannel: string }> {
  if (!ctx.actions.history) throw refuse('bad_request', 'importChatOnly');
  if (from === 'thread' && !ctx.threadId) throw refuse('bad_request', 'importNoThread');
  await ctx.progress({ text: `Reading up to ${limit} messages…` });
  const where = { channelId: ctx.channelId, threadId: from === 'thread' ? ctx.threadId : undefined };
  const messages = (await ctx.actions.history(where, limit)).filter((m) => m.text.trim() !== '');
  if (messages.length === 0) throw refuse('bad_request', 'importNothing', { where: from });
  const first = messages[0]?.at.slice(0, 10);
  const last = messages.at(-1)?.at.slice(0, 10);
  const text = messages.map((m) => `**${m.authorName ?? m.authorId}** (${m.at.slice(0, 16)}): ${m.text}`);
  await ctx.progress({ text: `Read ${messages.length} messages; adding them to the knowledge base…` });
  return {
    title: `${from === 'thread' ? 'Thread' : 'Channel'} ${where.threadId ?? where.channelId}, ${first}${last !== first ? ` to ${last}` : ''}`,
    text: text.join('\n\n'),
    // A stable address for the conversation: importing it again replaces its chunks instead of adding a copy.
    url: `${ctx.platform}://${ctx.tenantId}/${ctx.channelId}${where.threadId ? `/${where.threadId}` : ''}`,
    sourceChannel: ctx.channelId,
  };
}
