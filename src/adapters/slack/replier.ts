import type { WebClient } from '@slack/web-api';
import type { MessageRef, Replier, Reply } from '../../core/reply.js';
import { t } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import type { Pacer } from '../pace.js';
import type { PendingForms } from '../pending-forms.js';
import { modalView } from './forms.js';
import { escapeMrkdwn, MAX_MESSAGES, renderMessages, type SlackMessage } from './render.js';

/** Where an answer goes, and how it may be delivered. */
export interface SlackWhere {
  channel: string;
  threadTs?: string | undefined;
  userId: string;
  /** Commands and interactions: answers go here even when the bot is not in the channel (5 uses, 30 min). */
  responseUrl?: string | undefined;
  /** Opens a modal, within 3 s of the interaction. */
  triggerId?: string | undefined;
  receivedAt: number;
  /** The user's language (Slack's tag), for the bot's own words such as the placeholder. */
  locale?: string | undefined;
}

export interface SlackReplierDeps {
  client: WebClient;
  /** One slot per second per channel (posts) and per message (edits). */
  pacer: Pacer;
  forms: PendingForms;
  postResponse(url: string, body: object): Promise<void>;
  /** The files uploaded after a reply, by the values of its buttons (see SlackDelivery.removeMessage). */
  uploaded(buttonValues: string[], fileIds: string[]): void;
  log: Logger;
}

const TRIGGER_FRESH_MS = 2500;
const SLACK_TS = /^\d+\.\d+$/;
/** A response_url takes five posts; one is kept in reserve, the rest go through the chat API. */
const RESPONSE_URL_USES = 4;
const RESPONSE_URL_TTL_MS = 29 * 60 * 1000;

/**
 * Answers one Slack event. Commands and button presses answer through their response_url (the bot need not be a
 * channel member) until its uses run out; mentions and voice notes answer in their thread with chat.postMessage,
 * a deferral being a placeholder that the answer replaces. Long answers become a first message plus a file.
 */
export class SlackReplier implements Replier {
  private urlUses = 0;
  private placeholder: 'url' | string | undefined;

  constructor(
    private readonly where: SlackWhere,
    private readonly deps: SlackReplierDeps,
  ) {}

  async defer(options: { ephemeral?: boolean } = {}): Promise<void> {
    if (this.placeholder) return;
    const working: SlackMessage = { text: t(this.where.locale, 'reply.working'), blocks: [] };
    if (this.urlUsable()) {
      await this.viaUrl({ ...working, response_type: options.ephemeral ? 'ephemeral' : 'in_channel' });
      this.placeholder = 'url';
    } else {
      this.placeholder = await this.post(working);
    }
  }

  async send(wanted: Reply): Promise<MessageRef> {
    const { triggerId, receivedAt } = this.where;
    if (wanted.form && triggerId && !this.placeholder && Date.now() - receivedAt < TRIGGER_FRESH_MS) {
      const meta = { value: wanted.form.value ?? '', channel: this.where.channel, threadTs: this.where.threadTs };
      await this.deps.client.views.open({ trigger_id: triggerId, view: modalView(wanted.form, meta) });
      return { id: 'modal', channelId: this.where.channel };
    }
    const reply = this.deps.forms.asButton(wanted);
    const { messages, overflow } = this.fit(reply);
    const id = await this.deliver(messages, reply.ephemeral ?? false);
    await this.upload([...(reply.files ?? []), ...overflow], reply);
    return { id, channelId: this.where.channel };
  }

  async edit(ref: MessageRef, reply: Reply): Promise<void> {
    await this.deps.pacer.wait(`edit:${ref.id}`);
    const [first, ...rest] = renderMessages(this.deps.forms.asButton(reply));
    if (!first) return;
    if (ref.id === 'url' && this.urlUsable()) await this.viaUrl({ ...first, replace_original: true });
    else if (SLACK_TS.test(ref.id)) await this.update(ref.id, first);
    // The response_url is used up (or it was a modal or an ephemeral): the rest goes out as new messages.
    else ref.id = await this.deliverOne(first, reply.ephemeral ?? false, false);
    for (const message of rest) await this.post(message);
    // A final answer often replaces a progress message; Slack cannot attach files to an edit, so they follow it.
    await this.upload(reply.files ?? [], reply);
  }

  /** Delivers the messages in order; returns the first one's id ('url' through the response_url, else its ts). */
  private async deliver(messages: SlackMessage[], ephemeral: boolean): Promise<string> {
    let firstId = '';
    for (const [i, message] of messages.entries()) {
      const id = await this.deliverOne(message, ephemeral, i === 0);
      if (i === 0) firstId = id;
    }
    return firstId;
  }

  private async deliverOne(message: SlackMessage, ephemeral: boolean, first: boolean): Promise<string> {
    const { placeholder } = this;
    if (first && placeholder === 'url' && this.urlUsable()) {
      await this.viaUrl({ ...message, replace_original: true });
      return 'url';
    }
    if (first && placeholder && placeholder !== 'url') {
      await this.update(placeholder, message);
      return placeholder;
    }
    if (this.urlUsable()) {
      await this.viaUrl({ ...message, response_type: ephemeral ? 'ephemeral' : 'in_channel' });
      return 'url';
    }
    if (ephemeral) {
      const { channel, userId: user, threadTs: thread_ts } = this.where;
      await this.deps.client.chat.postEphemeral({ channel, user, thread_ts, ...message });
      return 'ephemeral';
    }
    return this.post(message);
  }

  /** Posts in the channel or thread; returns the message's ts. */
  private async post(message: SlackMessage): Promise<string> {
    await this.deps.pacer.wait(`channel:${this.where.channel}`);
    const posted = await this.deps.client.chat.postMessage({
      channel: this.where.channel,
      thread_ts: this.where.threadTs,
      ...message,
    });
    return String(posted.ts);
  }

  private async update(ts: string, message: SlackMessage): Promise<void> {
    await this.deps.client.chat.update({ channel: this.where.channel, ts, ...message });
  }

  private async viaUrl(body: object): Promise<void> {
    this.urlUses += 1;
    await this.deps.postResponse(this.where.responseUrl as string, body);
  }

  private urlUsable(): boolean {
    const { responseUrl, receivedAt } = this.where;
    return Boolean(responseUrl) && this.urlUses < RESPONSE_URL_USES && Date.now() - receivedAt < RESPONSE_URL_TTL_MS;
  }

  /** At most MAX_MESSAGES messages; a longer answer is its first message and the whole text as a file. */
  private fit(reply: Reply) {
    const messages = renderMessages(reply);
    if (messages.length <= MAX_MESSAGES) return { messages, overflow: [] };
    const note = { type: 'context', elements: [{ type: 'mrkdwn', text: 'The full answer is attached as answer.md.' }] };
    const first = messages[0] as SlackMessage;
    const last = messages.at(-1) as SlackMessage;
    const actions = last.blocks.filter((b) => b.type === 'actions' || b.fields);
    const shown = { text: first.text, blocks: [...first.blocks, note, ...actions] };
    const file = { name: 'answer.md', contentType: 'text/markdown', data: Buffer.from(reply.text) };
    return { messages: [shown], overflow: [file] };
  }

  /**
   * Uploads a reply's files after its message. Slack cannot hide a file behind a spoiler, so those are withheld, and
   * the message says so.
   */
  private async upload(files: NonNullable<Reply['files']>, reply: Reply): Promise<void> {
    const withheld = files.filter((f) => f.spoiler);
    if (withheld.length) {
      const names = withheld.map((f) => f.name).join(', ');
      await this.post({
        text: escapeMrkdwn(`(${names} withheld: Slack cannot hide files behind a spoiler)`),
        blocks: [],
      });
    }
    const shown = files.filter((f) => !f.spoiler);
    if (!shown.length) return;
    const result = (await this.deps.client.filesUploadV2({
      channel_id: this.where.channel,
      ...(this.where.threadTs ? { thread_ts: this.where.threadTs } : {}),
      file_uploads: shown.map((f) => ({
        file: Buffer.from(f.data),
        filename: plainName(f.name),
        ...(f.description ? { alt_text: plainName(f.description) } : {}),
      })),
    } as Parameters<WebClient['filesUploadV2']>[0])) as { files?: { files?: { id?: string }[] }[] };
    const ids = (result.files ?? []).flatMap((r) => r.files ?? []).flatMap((f) => (f.id ? [f.id] : []));
    if (reply.buttons?.length)
      this.deps.uploaded(
        reply.buttons.map((b) => b.value),
        ids,
      );
  }
}

/** File names and alt text are shown as they are: no markup characters that could read as a mention. */
function plainName(text: string): string {
  return text.replace(/[<>]/g, '');
}
