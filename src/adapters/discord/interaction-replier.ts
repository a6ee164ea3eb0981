import { type RawFile, type REST, Routes } from 'discord.js';
import type { MessageRef, Replier, Reply } from '../../core/reply.js';
import { DISCORD_EDIT_INTERVAL_MS, Pacer } from '../pace.js';
import type { PendingForms } from '../pending-forms.js';
import { modalBody } from './forms.js';
import { type MessageBody, renderReply, uploadOf } from './render.js';

/** Discord's interaction callback types. */
const CALLBACK = { Message: 4, Deferred: 5, Autocomplete: 8, Modal: 9 } as const;
/** Progress edits of one message go out no faster than this (Discord rate-limits edits). */
/**
 * An interaction's token works for 15 minutes; after 14 (a margin for the request in flight) the reply goes to the
 * channel with the bot's own token instead of failing (a first model download, a long voice note).
 */
export const TOKEN_USABLE_MS = 14 * 60_000;

export interface InteractionReplierOptions {
  rest: REST;
  appId: string;
  /** The interaction's token: its webhook (follow-ups, edits) works with it for 15 minutes. */
  token: string;
  channelId: string;
  forms: PendingForms;
  /** Modal submissions cannot answer with another modal. */
  mayOpenModal: boolean;
  /**
   * Delivers the interaction's initial response (Discord wants it within 3 s): as the HTTP response for HTTP
   * interactions, with a callback request for gateway ones. Resolves once it is delivered. `files` are given only
   * where `initialTakesFiles` says the transport can upload them (a callback request can, an HTTP response can't).
   */
  respond(body: object, files?: RawFile[]): Promise<void>;
  initialTakesFiles: boolean;
  /** Who used the interaction: a reply that outlives the token names them in the channel (or DMs them). */
  userId: string;
  /** The clock (tests move it past the token's lifetime). */
  now?: () => number;
}

/**
 * Replies to an interaction, from either transport. The first defer or send is the initial response; everything
 * after goes through the interaction's webhook: filling in a deferred response, edits, and follow-up messages for
 * the parts of a long reply. Files cannot ride on the initial response, so a reply with files defers first and
 * uploads them with the webhook edit.
 */
export class InteractionReplier implements Replier {
  private state: 'pending' | 'deferred' | 'answered' = 'pending';
  /** The initial response's delivery: webhook calls wait for it, or they could reach Discord before it. */
  private initial: Promise<void> = Promise.resolve();
  /** Webhook edits of one message, spaced (a deferred response's fill-in counts as its first edit). */
  private readonly pacer: Pacer;
  private readonly now: () => number;
  private readonly receivedAt: number;
  /** Webhook messages that, once the token expired, were replaced by a channel message (by id). */
  private readonly moved = new Map<string, string>();
  /** The initial response was ephemeral: what follows is for the asker's eyes only. */
  private ephemeral = false;

  constructor(private readonly options: InteractionReplierOptions) {
    this.now = options.now ?? Date.now;
    this.pacer = new Pacer(DISCORD_EDIT_INTERVAL_MS);
    this.receivedAt = this.now();
  }

  get answered(): boolean {
    return this.state !== 'pending';
  }

  async defer(options: { ephemeral?: boolean } = {}): Promise<void> {
    if (this.state !== 'pending') return;
    this.state = 'deferred';
    this.ephemeral = options.ephemeral ?? false;
    await this.respond({ type: CALLBACK.Deferred, ...(options.ephemeral ? { data: { flags: 64 } } : {}) });
  }

  async send(reply: Reply): Promise<MessageRef> {
    const ref: MessageRef = { id: '@original', channelId: this.options.channelId };
    if (reply.form && this.state === 'pending' && this.options.mayOpenModal) {
      this.state = 'answered';
      await this.respond({ type: CALLBACK.Modal, data: modalBody(reply.form) });
      return ref;
    }
    const shown = this.options.forms.asButton(reply);
    if (this.state === 'pending') this.ephemeral = shown.ephemeral ?? false;
    const [first, ...rest] = renderReply(shown);
    const hasFiles = Boolean(shown.files?.length);
    if (this.state === 'pending' && hasFiles && !this.options.initialTakesFiles) {
      await this.defer({ ephemeral: shown.ephemeral });
    }
    if (this.state === 'pending') {
      this.state = 'answered';
      const { body, files } = this.request(first, shown);
      await this.respond({ type: CALLBACK.Message, data: body }, files);
    } else if (this.state === 'deferred') {
      this.state = 'answered';
      await this.patch('@original', first, shown);
    } else {
      ref.id = await this.post(first, shown);
    }
    for (const body of rest) await this.post(body);
    return ref;
  }

  async edit(ref: MessageRef, reply: Reply): Promise<void> {
    const shown = this.options.forms.asButton(reply);
    const [first, ...rest] = renderReply(shown);
    await this.patch(ref.id, first, shown);
    for (const body of rest) await this.post(body);
  }

  /** Answers an autocomplete interaction with the choices to offer (at most 25, Discord's limit). */
  async suggest(choices: readonly { name: string; value: string }[]): Promise<void> {
    this.state = 'answered';
    const offered = choices.slice(0, 25).map(({ name, value }) => ({ name: name.slice(0, 100), value }));
    await this.respond({ type: CALLBACK.Autocomplete, data: { choices: offered } });
  }

  private respond(body: object, files?: RawFile[]): Promise<void> {
    this.initial = this.options.respond(body, files);
    return this.initial;
  }

  private async patch(messageId: string, body: MessageBody | undefined, withFiles?: Reply): Promise<void> {
    await this.initial;
    await this.pacer.wait(messageId);
    if (this.tokenExpired()) {
      const moved = this.moved.get(messageId);
      if (!moved) {
        this.moved.set(messageId, await this.postToChannel(body, withFiles));
        return;
      }
      const { channelId } = this.options;
      await this.options.rest.patch(Routes.channelMessage(channelId, moved), {
        ...this.request(body, withFiles),
        auth: true,
      });
      return;
    }
    const route = Routes.webhookMessage(this.options.appId, this.options.token, messageId);
    await this.options.rest.patch(route, this.request(body, withFiles));
  }

  /** A follow-up message; returns its id. */
  private async post(body: MessageBody | undefined, withFiles?: Reply): Promise<string> {
    await this.initial;
    if (this.tokenExpired()) return this.postToChannel(body, withFiles);
    const route = Routes.webhook(this.options.appId, this.options.token);
    const posted = (await this.options.rest.post(route, this.request(body, withFiles))) as { id: string };
    return posted.id;
  }

  private tokenExpired(): boolean {
    return this.now() - this.receivedAt >= TOKEN_USABLE_MS;
  }

  /**
   * Past the token's lifetime: the reply as a bot message in the channel, naming (and pinging only) the person who
   * asked; an ephemeral reply goes to them by DM instead, as nobody else was meant to see it.
   */
  private async postToChannel(body: MessageBody | undefined, withFiles: Reply | undefined): Promise<string> {
    const { rest, userId } = this.options;
    const ephemeral = this.ephemeral || ((body?.flags ?? 0) & 64) !== 0;
    const channelId = ephemeral
      ? ((await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string }).id
      : this.options.channelId;
    const content = body?.content ?? '';
    const addressed: MessageBody = ephemeral
      ? { ...body, content, allowed_mentions: { parse: [], replied_user: false }, flags: 0 }
      : {
          ...body,
          content: `<@${userId}> ${content}`,
          allowed_mentions: { parse: [], users: [userId], replied_user: false },
        };
    const request = this.request(addressed, withFiles);
    const posted = (await rest.post(Routes.channelMessages(channelId), { ...request, auth: true })) as { id: string };
    return posted.id;
  }

  private request(body: MessageBody | undefined, withFiles: Reply | undefined) {
    if (!withFiles?.files?.length) return { body, auth: false };
    const { files, attachments } = uploadOf(withFiles);
    return { body: { ...body, attachments }, files, auth: false };
  }
}
