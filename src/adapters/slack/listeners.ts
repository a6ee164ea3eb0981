import type { App } from '@slack/bolt';
import type { CommandSpec } from '../../core/bot.js';
import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { FileAccess } from '../../net/download.js';
import { submission } from './forms.js';
import { actionIdOf } from './render.js';
import type { SlackWhere } from './replier.js';
import { attachmentOf, commandOptions, isAudio, isPersonMessage, mentionText, type SlackFile } from './to-event.js';

/** Who the bot is on Slack, learned with auth.test in the background. */
export interface SlackIdentity {
  userId: string;
  botId?: string | undefined;
  teamId?: string | undefined;
}

export interface ListenerDeps {
  handle(event: IncomingEvent): Promise<void>;
  /** `messageTs`: the event is about that message (channel traffic), which skills may then act on. */
  /** `addressed`: a message that addresses the bot (a mention), so it needs the user's language for replies. */
  context(
    where: SlackWhere,
    eventId: string,
    teamId: string,
    messageTs?: string,
    addressed?: boolean,
  ): Promise<EventContext>;
  command(name: string): CommandSpec | undefined;
  /** Handles a press of a form's stand-in button; false for any other action. */
  openForm(actionId: string, triggerId: string, where: SlackWhere): Promise<boolean>;
  identity(): SlackIdentity | undefined;
  /** How Slack's private files are fetched (the bot token, Slack's hosts). */
  files: FileAccess;
  /** A message's text as people read it: Slack's markup and escapes undone, mentioned people by name. */
  readable(text: string): Promise<string>;
  /** Deletes the message a button was on, and the files posted with it. */
  removeMessage(where: SlackWhere, messageTs: string | undefined, buttonValue: string): Promise<void>;
}

/** The parts of Events API message and app_mention events we read. */
interface MessageEvent {
  type: string;
  subtype?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  files?: SlackFile[];
  /** message_changed: the message as it is now, and as it was. */
  message?: MessageEvent & { edited?: { user: string; ts: string } };
  previous_message?: MessageEvent;
}

interface EnvelopeBody {
  event_id?: string;
  team_id?: string;
}

/**
 * Bolt listeners turning Slack traffic into platform-neutral events. Interactive payloads are acked before
 * anything else (Slack's 3 s); the bot's work runs after the ack and answers through the event's replier.
 * Redeliveries keep their ids (event_id, trigger_id), so the core's dedupe makes them one side effect.
 */
export function listen(app: App, deps: ListenerDeps): void {
  const attachment = (file: SlackFile) => attachmentOf(file, deps.files);

  app.event('app_mention', async ({ event, body }) => {
    const mention = event as unknown as MessageEvent;
    const envelope = body as EnvelopeBody;
    if (mention.bot_id || !mention.user) return;
    // Answers go to the thread: the one the mention was in, or a new one under it.
    const where = { channel: mention.channel, threadTs: mention.thread_ts ?? mention.ts, userId: mention.user };
    // The mention is judged by moderation before it is answered, and may be acted on (a reaction).
    const ctx = await deps.context(
      { ...where, receivedAt: Date.now() },
      eventIdOf(envelope, mention),
      teamOf(envelope),
      mention.ts,
      true,
    );
    const text = await deps.readable(mentionText(mention.text ?? '', deps.identity()?.userId));
    void deps.handle({ kind: 'mention', text, attachments: (mention.files ?? []).map(attachment), ctx });
  });

  app.event('message', async ({ event, body }) => {
    const message = event as unknown as MessageEvent;
    const envelope = body as EnvelopeBody;
    const botUserId = deps.identity()?.userId;
    if (message.subtype === 'message_changed') return edited(message, envelope);
    if (!isPersonMessage(message, botUserId) || !message.user) return;
    // A message that mentions the bot also arrives as app_mention, which answers it.
    if (botUserId && message.text?.includes(`<@${botUserId}>`)) return;
    const audio = message.files?.find(isAudio);
    const threadTs = message.thread_ts ?? (audio ? message.ts : undefined);
    const where = { channel: message.channel, threadTs, userId: message.user, receivedAt: Date.now() };
    // A recorded clip is answered (a transcript or a reason): its reply needs the speaker's language.
    const clip = audio?.subtype === 'slack_audio';
    const ctx = await deps.context(where, eventIdOf(envelope, message), teamOf(envelope), message.ts, clip);
    const [text, attachments] = [await deps.readable(message.text ?? ''), (message.files ?? []).map(attachment)];
    if (audio) {
      // An audio clip is recorded in Slack; any other audio is a file someone shared (the channel decides).
      const upload = !clip;
      void deps.handle({ kind: 'voice-note', attachment: attachment(audio), upload, text, attachments, ctx });
    } else void deps.handle({ kind: 'message', text, attachments, ctx });
  });

  /** A message edited into new text: traffic to judge again (each edit event once), never answered. */
  const edited = async (change: MessageEvent, envelope: EnvelopeBody) => {
    const message = change.message;
    const before = change.previous_message;
    if (!message?.user || !isPersonMessage(message, deps.identity()?.userId)) return;
    if (!message.edited || before?.text === message.text) return;
    const where = {
      channel: change.channel,
      threadTs: message.thread_ts,
      userId: message.user,
      receivedAt: Date.now(),
    };
    const ctx = await deps.context(where, eventIdOf(envelope, change), teamOf(envelope), message.ts);
    const text = await deps.readable(message.text ?? '');
    void deps.handle({ kind: 'message', text, attachments: [], edited: true, ctx });
  };

  app.command(/.*/, async ({ command, ack }) => {
    await ack();
    const name = command.command.replace(/^\//, '');
    const where: SlackWhere = {
      channel: command.channel_id,
      userId: command.user_id,
      responseUrl: command.response_url,
      triggerId: command.trigger_id,
      receivedAt: Date.now(),
    };
    const ctx = await deps.context(where, `command:${command.trigger_id}`, command.team_id);
    void deps.handle({ kind: 'command', name, options: commandOptions(command.text, deps.command(name)), ctx });
  });

  app.action(/.*/, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const pressed = action as { action_id: string; value?: string; selected_option?: { value: string } };
    const where: SlackWhere = {
      channel: body.channel?.id ?? body.container?.channel_id ?? '',
      threadTs: body.message?.thread_ts ?? body.container?.thread_ts,
      userId: body.user.id,
      responseUrl: body.response_url,
      triggerId: body.trigger_id,
      receivedAt: Date.now(),
    };
    const actionId = actionIdOf(pressed.action_id);
    if (await deps.openForm(actionId, body.trigger_id, where)) return;
    const ctx = await deps.context(where, `action:${body.trigger_id}`, body.team?.id ?? body.user.team_id ?? '');
    const value = pressed.selected_option?.value ?? (pressed.value === '-' ? '' : (pressed.value ?? ''));
    ctx.actions = { ...ctx.actions, removeReply: () => deps.removeMessage(where, body.message?.ts, value) };
    void deps.handle({ kind: 'action', actionId, value, ctx });
  });

  app.view(/.*/, async ({ ack, body, view }) => {
    await ack();
    if (body.type !== 'view_submission') return;
    const { fields, meta } = submission(view);
    const where = {
      channel: meta?.channel ?? '',
      threadTs: meta?.threadTs,
      userId: body.user.id,
      receivedAt: Date.now(),
    };
    const ctx = await deps.context(where, `view:${view.id}:${view.hash}`, body.team?.id ?? body.user.team_id ?? '');
    void deps.handle({ kind: 'action', actionId: view.callback_id, value: meta?.value ?? '', fields, ctx });
  });

  app.shortcut(/.*/, async ({ ack, shortcut }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const where: SlackWhere = {
      channel: shortcut.channel.id,
      threadTs: shortcut.message.thread_ts,
      userId: shortcut.user.id,
      responseUrl: shortcut.response_url,
      triggerId: shortcut.trigger_id,
      receivedAt: Date.now(),
    };
    const ctx = await deps.context(where, `shortcut:${shortcut.trigger_id}`, shortcut.team?.id ?? '');
    const target = {
      id: shortcut.message.ts,
      text: await deps.readable(shortcut.message.text ?? ''),
      authorId: shortcut.message.user ?? '',
      attachments: ((shortcut.message as { files?: SlackFile[] }).files ?? []).map(attachment),
    };
    void deps.handle({ kind: 'message-action', name: shortcut.callback_id, target, ctx });
  });
}

function eventIdOf(envelope: EnvelopeBody, event: MessageEvent): string {
  return envelope.event_id ?? `${event.channel}:${event.ts}`;
}

function teamOf(envelope: EnvelopeBody): string {
  return envelope.team_id ?? '';
}
