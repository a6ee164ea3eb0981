import { DiscordAPIError, type Message, type SendableChannels } from 'discord.js';
import type { MessageRef, Replier, Reply } from '../../core/reply.js';
import { AppError } from '../../errors.js';
import { DISCORD_EDIT_INTERVAL_MS, Pacer } from '../pace.js';
import type { PendingForms } from '../pending-forms.js';
import { discordJsBody, renderReply, withFiles } from './render.js';
import type { RestGuard } from './rest-guard.js';

/**
 * Replies to a message (an @-mention, a voice message) in the same channel or thread, the first part as a reply.
 * Every post carries a nonce made of the message id and its place in the answer, enforced: Discord keeps the first
 * message of a nonce for a few minutes, so a rerun of the event after a crash cannot post the same part twice.
 */
export function messageReplier(message: Message, channel: SendableChannels, forms: PendingForms): Replier {
  const pacer = new Pacer(DISCORD_EDIT_INTERVAL_MS);
  const sent = new Map<string, Message>();
  let posts = 0;
  const once = () => ({ nonce: `${message.id.slice(-20)}-${posts++}`, enforceNonce: true });
  return {
    async defer() {
      await channel.sendTyping();
    },
    async send(wanted: Reply): Promise<MessageRef> {
      const reply = forms.asButton(wanted);
      const [first, ...rest] = renderReply(reply);
      // A message moderation removed meanwhile: the answer still goes out, without the reply link.
      const posted = await message.reply({ ...withFiles(first, reply), failIfNotExists: false, ...once() });
      sent.set(posted.id, posted);
      for (const body of rest) await channel.send({ ...discordJsBody(body), ...once() });
      return { id: posted.id, channelId: channel.id };
    },
    async edit(ref, wanted) {
      await pacer.wait(ref.id);
      const reply = forms.asButton(wanted);
      const [first, ...rest] = renderReply(reply);
      // A message an earlier run posted (see onceReplier) is edited by its id.
      const target = sent.get(ref.id);
      if (target) await target.edit(withFiles(first, reply));
      else await channel.messages.edit(ref.id, withFiles(first, reply));
      for (const body of rest) await channel.send({ ...discordJsBody(body), ...once() });
    },
  };
}

/**
 * Puts the REST guard in front of a replier: no call once the token was rejected or while the channel's breaker
 * is open, and every 403 from the channel counted towards opening it.
 */
export function guardedReplier(replier: Replier, guard: RestGuard, channelId: string, guildId: string | null): Replier {
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    const allowed = guard.allows(channelId);
    if (!allowed.ok) throw new AppError('unavailable', allowed.reason);
    try {
      return await work();
    } catch (error) {
      if (error instanceof DiscordAPIError && error.status === 403)
        guard.forbiddenIn(channelId, guildId, error.message);
      throw error;
    }
  };
  return {
    defer: (options) => call(() => replier.defer(options)),
    send: (reply) => call(() => replier.send(reply)),
    edit: (ref, reply) => call(() => replier.edit(ref, reply)),
  };
}
