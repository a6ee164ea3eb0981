import { type REST, Routes } from 'discord.js';
import type { MessageRef, Replier, Reply } from '../../core/reply.js';
import { type MessageBody, renderReply } from './render.js';

/** Discord's interaction callback types. */
const CALLBACK = { Message: 4, Deferred: 5 } as const;
/** Progress edits of one message go out no faster than this (Discord rate-limits edits). */
const EDIT_INTERVAL_MS = 500;

/**
 * Replies to an HTTP interaction. The first defer or send becomes the HTTP response itself (Discord wants it
 * within 3 s); everything after goes through the interaction's webhook: filling in a deferred response, edits,
 * and follow-up messages for the parts of a long reply.
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
    const [first, ...rest] = renderReply(reply);
    const ref: MessageRef = { id: '@original', channelId: this.channelId };
    if (this.state === 'pending') {
      this.state = 'answered';
      this.answer({ type: CALLBACK.Message, data: first });
    } else if (this.state === 'deferred') {
      this.state = 'answered';
      await this.patch('@original', first);
    } else {
      const posted = (await this.rest.post(Routes.webhook(this.appId, this.token), { body: first, auth: false })) as {
        id: string;
      };
      ref.id = posted.id;
    }
    await this.followUps(rest);
    return ref;
  }

  async edit(ref: MessageRef, reply: Reply): Promise<void> {
    const wait = this.lastEdit + EDIT_INTERVAL_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const [first, ...rest] = renderReply(reply);
    await this.patch(ref.id, first);
    await this.followUps(rest);
  }

  private async patch(messageId: string, body: MessageBody | undefined): Promise<void> {
    this.lastEdit = Date.now();
    await this.rest.patch(Routes.webhookMessage(this.appId, this.token, messageId), { body, auth: false });
  }

  /** The rest of a long reply, in order, as follow-up messages. */
  private async followUps(parts: MessageBody[]): Promise<void> {
    for (const body of parts) await this.rest.post(Routes.webhook(this.appId, this.token), { body, auth: false });
  }
}
