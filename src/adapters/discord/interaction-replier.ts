import { type REST, Routes } from 'discord.js';
import type { MessageRef, Replier, Reply } from '../../core/reply.js';
import type { PendingForms } from '../pending-forms.js';
import { modalBody } from './forms.js';
import { type MessageBody, renderReply, uploadOf } from './render.js';

/** Discord's interaction callback types. */
const CALLBACK = { Message: 4, Deferred: 5, Modal: 9 } as const;
/** Progress edits of one message go out no faster than this (Discord rate-limits edits). */
const EDIT_INTERVAL_MS = 500;

/**
 * Replies to an HTTP interaction. The first defer or send becomes the HTTP response itself (Discord wants it
 * within 3 s); everything after goes through the interaction's webhook: filling in a deferred response, edits,
 * and follow-up messages for the parts of a long reply. Files cannot ride on the HTTP response, so a reply with
 * files defers there and uploads them with the webhook edit.
 */
export class InteractionReplier implements Replier {
  /** Resolves with the body of the HTTP response. */
  readonly initial: Promise<object>;
  private answer!: (body: object) => void;
  private state: 'pending' | 'deferred' | 'answered' = 'pending';
  private lastEdit = 0;

  constructor(
    private readonly rest: REST,
    private readonly appId: string,
    private readonly token: string,
    private readonly channelId: string,
    private readonly forms: PendingForms,
    /** Modal submissions cannot answer with another modal. */
    private readonly mayOpenModal: boolean,
  ) {
    this.initial = new Promise((resolve) => {
      this.answer = resolve;
    });
  }

  get answered(): boolean {
    return this.state !== 'pending';
  }

  async defer(options: { ephemeral?: boolean } = {}): Promise<void> {
    if (this.state !== 'pending') return;
    this.state = 'deferred';
    this.answer({ type: CALLBACK.Deferred, ...(options.ephemeral ? { data: { flags: 64 } } : {}) });
  }

  async send(reply: Reply): Promise<MessageRef> {
    const ref: MessageRef = { id: '@original', channelId: this.channelId };
    if (reply.form && this.state === 'pending' && this.mayOpenModal) {
      this.state = 'answered';
      this.answer({ type: CALLBACK.Modal, data: modalBody(reply.form) });
      return ref;
    }
    const shown = this.forms.asButton(reply);
    const [first, ...rest] = renderReply(shown);
    const hasFiles = Boolean(shown.files?.length);
    if (this.state === 'pending' && hasFiles) await this.defer({ ephemeral: shown.ephemeral });
    if (this.state === 'pending') {
      this.state = 'answered';
      this.answer({ type: CALLBACK.Message, data: first });
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
    const wait = this.lastEdit + EDIT_INTERVAL_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const shown = this.forms.asButton(reply);
    const [first, ...rest] = renderReply(shown);
    await this.patch(ref.id, first, shown);
    for (const body of rest) await this.post(body);
  }

  private async patch(messageId: string, body: MessageBody | undefined, withFiles?: Reply): Promise<void> {
    this.lastEdit = Date.now();
    const route = Routes.webhookMessage(this.appId, this.token, messageId);
    await this.rest.patch(route, this.request(body, withFiles));
  }

  /** A follow-up message; returns its id. */
  private async post(body: MessageBody | undefined, withFiles?: Reply): Promise<string> {
    const route = Routes.webhook(this.appId, this.token);
    const posted = (await this.rest.post(route, this.request(body, withFiles))) as { id: string };
    return posted.id;
  }

  private request(body: MessageBody | undefined, withFiles: Reply | undefined) {
    if (!withFiles?.files?.length) return { body, auth: false };
    const { files, attachments } = uploadOf(withFiles);
    return { body: { ...body, attachments }, files, auth: false };
  }
}
