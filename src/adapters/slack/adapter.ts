import { App, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { type RetryOptions, WebClient, type WebClientOptions } from '@slack/web-api';
import type { Hono } from 'hono';
import type { Bot, CommandSpec } from '../../core/bot.js';
import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log.js';
import type { Adapter } from '../adapter.js';
import { OPEN_FORM, PendingForms } from '../pending-forms.js';
import { SlackAdmins, slackActions } from './actions.js';
import { boltLogger } from './bolt-logger.js';
import { SlackDelivery } from './delivery.js';
import { SlackHistory } from './history.js';
import { listen } from './listeners.js';
import { slackManifest } from './manifest.js';
import { HonoReceiver } from './receiver.js';
import type { SlackWhere } from './replier.js';

export interface SlackOptions {
  botToken: string;
  /** HTTP mode (POST /slack/events): requests are verified with it. */
  signingSecret?: string | undefined;
  /** Socket Mode when set. */
  appToken?: string | undefined;
  apiUrl: string;
  bodyLimitBytes: number;
  log: Logger;
  /** Web API calls give up after this long (the client's default is no timeout at all). */
  timeoutMs?: number;
  /** Socket Mode: how long without a pong before reconnecting (Bolt's default 5 s, also its reconnect delay). */
  socketPingTimeoutMs?: number;
}

/** Who the bot is on Slack, learned with auth.test in the background. */
export interface SlackIdentity {
  userId: string;
  botId?: string | undefined;
  teamId?: string | undefined;
}

/**
 * Slack through Bolt: HTTP mode served by our hono server (HonoReceiver), or Socket Mode when an app token is
 * set. Listeners ack at once and hand platform-neutral events to the bot; answers go out through SlackReplier.
 * Startup never waits for Slack: who the bot is gets learned in the background, retrying until Slack answers.
 */
export class SlackAdapter implements Adapter {
  readonly name = 'slack';
  readonly client: WebClient;
  private readonly bolt: App;
  private readonly receiver: HonoReceiver | undefined;
  private readonly forms = new PendingForms();
  private readonly delivery: SlackDelivery;
  private readonly admins: SlackAdmins;
  private readonly history: SlackHistory;
  private bot: Bot | undefined;
  private commandSpecs = new Map<string, CommandSpec>();
  identity: SlackIdentity | undefined;
  private stopped = new AbortController();

  constructor(private readonly options: SlackOptions) {
    const logger = boltLogger(options.log);
    const clientOptions: WebClientOptions = {
      slackApiUrl: options.apiUrl,
      timeout: options.timeoutMs ?? 15_000,
      // Bounded: the default retries for about 30 minutes. 429s wait for Retry-After within these retries.
      retryConfig: {
        retries: 3,
        factor: 2,
        minTimeout: 1000,
        maxTimeout: 10_000,
        onFailedAttempt: noRetryAfterTimeout,
      } as RetryOptions,
      rejectRateLimitedCalls: false,
      logger,
    };
    this.client = new WebClient(options.botToken, clientOptions);
    this.delivery = new SlackDelivery(this.client, this.forms, options.apiUrl, options.log);
    this.admins = new SlackAdmins(this.client);
    this.history = new SlackHistory(this.client);
    let receiver: Receiver;
    if (options.appToken) {
      receiver = new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        clientPingTimeout: options.socketPingTimeoutMs ?? 5000,
        // A copy: the Socket Mode client writes its own retry settings into the options it is given.
        installerOptions: { clientOptions: { ...clientOptions } },
      });
    } else {
      if (!options.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
      this.receiver = new HonoReceiver({
        signingSecret: options.signingSecret,
        bodyLimitBytes: options.bodyLimitBytes,
        log: options.log,
      });
      receiver = this.receiver;
    }
    this.bolt = new App({
      receiver,
      logger,
      clientOptions,
      // Our own filters drop the bot's messages (bot_id), so Bolt need not know the bot's ids up front.
      ignoreSelf: false,
      authorize: async () => ({
        botToken: options.botToken,
        botUserId: this.identity?.userId,
        botId: this.identity?.botId,
        teamId: this.identity?.teamId,
      }),
    });
    listen(this.bolt, {
      handle: (event) => this.handle(event),
      context: (where, eventId, teamId, messageTs) => this.context(where, eventId, teamId, messageTs),
      command: (name) => this.commandSpecs.get(name),
      openForm: (actionId, triggerId, where) => this.openForm(actionId, triggerId, where),
      identity: () => this.identity,
      files: this.delivery.fileAccess(options.botToken),
      removeMessage: (where, messageTs, value) => this.delivery.removeMessage(where, messageTs, value),
    });
  }

  mount(app: Hono): void {
    this.receiver?.mount(app);
    // The app manifest for this skills table, with this server's public address (as the request reached it).
    app.get('/slack/manifest', (c) => {
      const proto = c.req.header('x-forwarded-proto') ?? new URL(c.req.url).protocol.replace(':', '');
      const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
      const base = this.receiver && host ? `${proto}://${host}` : undefined;
      return c.json(slackManifest([...this.commandSpecs.values()], base));
    });
  }

  async start(bot: Bot): Promise<void> {
    this.bot = bot;
    this.commandSpecs = new Map(bot.commands().map((c) => [c.name, c]));
    void this.learnIdentity();
    // Socket Mode connects in the background too: an unreachable Slack must not keep the server from starting.
    void this.connect();
  }

  async post(channelId: string, reply: Reply): Promise<void> {
    await slackActions(this.client, undefined, this.history).post?.(channelId, reply);
  }

  async stop(): Promise<void> {
    this.bot = undefined;
    this.stopped.abort();
    await this.bolt.stop().catch((err: unknown) => this.options.log.warn({ err }, 'Slack stop failed'));
  }

  private async connect(): Promise<void> {
    for (let attempt = 0; !this.stopped.signal.aborted; attempt++) {
      try {
        await this.bolt.start();
        return;
      } catch (err) {
        this.options.log.warn({ err, attempt }, 'Slack connection failed; retrying');
        await backoff(attempt, this.stopped.signal);
      }
    }
  }

  private async learnIdentity(): Promise<void> {
    for (let attempt = 0; !this.stopped.signal.aborted && !this.identity; attempt++) {
      try {
        const me = await this.client.auth.test();
        this.identity = { userId: String(me.user_id), botId: me.bot_id, teamId: me.team_id };
        this.options.log.info({ team: me.team, user: me.user }, 'Slack: signed in');
      } catch (err) {
        this.options.log.warn({ err, attempt }, 'Slack auth.test failed; retrying in the background');
        await backoff(attempt, this.stopped.signal);
      }
    }
  }

  private async context(where: SlackWhere, eventId: string, teamId: string, messageTs?: string): Promise<EventContext> {
    return {
      platform: 'slack',
      eventId,
      tenantId: teamId,
      channelId: where.channel,
      threadId: where.threadTs,
      userId: where.userId,
      roles: [],
      // Only people addressing the bot need this (moderation commands, appeal decisions): passive traffic skips it,
      // and moderation asks `actions.isModerator` about the authors of flagged messages only.
      isModerator: messageTs ? false : await this.admins.isAdmin(where.userId),
      actions: slackActions(
        this.client,
        messageTs ? { channel: where.channel, ts: messageTs } : undefined,
        this.history,
        this.admins,
      ),
      reply: this.delivery.replier(where),
    };
  }

  /** The button standing in for a form that could not open directly: open it now, or say it expired. */
  private async openForm(actionId: string, triggerId: string, where: SlackWhere): Promise<boolean> {
    if (!actionId.startsWith(OPEN_FORM)) return false;
    const form = this.forms.take(actionId);
    const replier = this.delivery.replier({ ...where, triggerId, receivedAt: Date.now() });
    await replier
      .send(
        form ? { text: '', form } : { text: 'This form has expired; please run the command again.', ephemeral: true },
      )
      .catch((err: unknown) => this.options.log.warn({ err }, 'could not open a form'));
    return true;
  }

  private async handle(event: IncomingEvent): Promise<void> {
    try {
      await this.bot?.handle(event);
    } catch (err) {
      this.options.log.error({ err, eventId: event.ctx.eventId }, 'slack event failed');
    }
  }
}

/**
 * A call that timed out may still have happened at Slack (a message posted after all): retrying it would post
 * twice. Throwing here ends p-retry's attempts; connection errors and 429s are still retried.
 */
function noRetryAfterTimeout(error: { original?: unknown }): void {
  const cause = error.original as { name?: string } | undefined;
  if (cause?.name === 'TimeoutError' || cause?.name === 'AbortError') throw error;
}

function backoff(attempt: number, signal: AbortSignal): Promise<void> {
  const ms = Math.min(60_000, 1000 * 2 ** attempt);
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
