import { App, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { RetryOptions, WebClient, WebClientOptions } from '@slack/web-api';
import type { Hono } from 'hono';
import type { Bot, CommandSpec } from '../../core/bot.js';
import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { Reply } from '../../core/reply.js';
import { LOCALES, supportedLocale } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import type { Adapter } from '../adapter.js';
import { backoffDelay, ConnectionStatus, errorText, type PlatformStatus, seconds, sleep } from '../connection.js';
import { errorResponse } from '../http/errors.js';
import { OPEN_FORM, PendingForms } from '../pending-forms.js';
import { slackActions } from './actions.js';
import { boltLogger } from './bolt-logger.js';
import { SlackChannelAccess } from './channel-access.js';
import { SlackDelivery } from './delivery.js';
import { SlackHistory } from './history.js';
import { listen, type SlackIdentity } from './listeners.js';
import { slackManifest } from './manifest.js';
import { SlackPeople } from './people.js';
import { listenForReactions, type ReactionDeps } from './reactions.js';
import { HonoReceiver } from './receiver.js';
import type { SlackWhere } from './replier.js';
import { fatalSlackError, GuardedWebClient, SlackTokenHalted } from './token-guard.js';

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
  /** HTTP mode: the clock the request signatures' timestamps are checked against (tests pin it). */
  now?: () => number;
}

/**
 * Slack through Bolt: HTTP mode served by our hono server (HonoReceiver), or Socket Mode when an app token is
 * set. Listeners ack at once and hand platform-neutral events to the bot; answers go out through SlackReplier.
 * Startup never waits for Slack: who the bot is (auth.test) and, in Socket Mode, the connection are made in the
 * background, retried with capped exponential backoff and jitter until Slack answers; a token Slack rejects
 * (invalid_auth, token_revoked, …) stops the attempts with one log line saying what to fix.
 */
export class SlackAdapter implements Adapter {
  readonly name = 'slack';
  readonly client: WebClient;
  private readonly bolt: App;
  private readonly receiver: HonoReceiver | undefined;
  private readonly forms = new PendingForms();
  private readonly delivery: SlackDelivery;
  private readonly people: SlackPeople;
  private readonly access: SlackChannelAccess;
  private readonly history: SlackHistory;
  private bot: Bot | undefined;
  private commandSpecs = new Map<string, CommandSpec>();
  identity: SlackIdentity | undefined;
  private stopped = new AbortController();
  private readonly connection = new ConnectionStatus();
  /** The connection loop while it runs (one at a time). */
  private running: Promise<void> | undefined;

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
    this.client = new GuardedWebClient(options.botToken, clientOptions, (reason) => this.tokenRejected(reason));
    this.delivery = new SlackDelivery(this.client, this.forms, options.apiUrl, options.log);
    this.people = new SlackPeople(this.client);
    this.access = new SlackChannelAccess(this.client);
    this.history = new SlackHistory(this.client, this.people);
    let receiver: Receiver;
    if (options.appToken) {
      const socket = new SocketModeReceiver({
        appToken: options.appToken,
        // Its connection errors are ours to report (retrying, or what to fix): at warning level here.
        logger: { ...logger, error: logger.warn },
        clientPingTimeout: options.socketPingTimeoutMs ?? 5000,
        // Reconnecting is ours: the client's own retry lets a failed reconnect's rejection go unhandled (which ends
        // the process) when Slack is unreachable, and it never gives up on a revoked token.
        autoReconnectEnabled: false,
        // A copy: the Socket Mode client writes its own retry settings into the options it is given.
        installerOptions: { clientOptions: { ...clientOptions } },
      });
      socket.client.on('disconnected', () => {
        if (this.stopped.signal.aborted || this.connection.state !== 'ready') return;
        this.connection.set({ state: 'reconnecting' });
        options.log.info('Slack Socket Mode connection closed; reconnecting');
        this.connect();
      });
      receiver = socket;
    } else {
      if (!options.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
      this.receiver = new HonoReceiver({
        signingSecret: options.signingSecret,
        bodyLimitBytes: options.bodyLimitBytes,
        log: options.log,
        ...(options.now ? { now: options.now } : {}),
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
    const deps: ReactionDeps = {
      handle: (event) => this.handle(event),
      context: (where, eventId, teamId, messageTs, addressed) =>
        this.context(where, eventId, teamId, messageTs, addressed),
      command: (name) => this.commandSpecs.get(name),
      openForm: (actionId, triggerId, where) => this.openForm(actionId, triggerId, where),
      identity: () => this.identity,
      files: this.delivery.fileAccess(options.botToken),
      removeMessage: (where, messageTs, value) => this.delivery.removeMessage(where, messageTs, value),
      message: (channel, ts) => this.history.message(channel, ts),
      readable: (text) => this.people.readable(text),
    };
    listen(this.bolt, deps);
    listenForReactions(this.bolt, deps);
  }

  mount(app: Hono): void {
    this.receiver?.mount(app);
    // The app manifest for this skills table, with this server's public address (as the request reached it), in
    // the workspace's language when `?locale=` names one of ours.
    app.get('/slack/manifest', (c) => {
      const asked = c.req.query('locale');
      const locale = asked === undefined ? 'en' : supportedLocale(asked);
      if (!locale) {
        const message = `locale must be one of ${LOCALES.join(', ')}`;
        return errorResponse(c, { code: 'bad_request', message });
      }
      const proto = c.req.header('x-forwarded-proto') ?? new URL(c.req.url).protocol.replace(':', '');
      const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
      const base = this.receiver && host ? `${proto}://${host}` : undefined;
      return c.json(slackManifest([...this.commandSpecs.values()], base, locale));
    });
  }

  async start(bot: Bot): Promise<void> {
    this.bot = bot;
    this.commandSpecs = new Map(bot.commands().map((c) => [c.name, c]));
    // In the background: an unreachable Slack must not keep the server from starting.
    this.connect();
  }

  status(): PlatformStatus {
    return this.connection.get();
  }

  async post(channelId: string, reply: Reply): Promise<void> {
    await slackActions(this.client, undefined, this.history).post?.(channelId, reply);
  }

  /** A conversation the bot can see belongs to its workspace (or, shared, to the team Slack names). */
  async tenantOf(channelId: string): Promise<string | undefined> {
    const info = await this.client.conversations.info({ channel: channelId }).catch(() => undefined);
    if (!info?.ok || !info.channel) return undefined;
    return (info.channel as { context_team_id?: string }).context_team_id ?? this.identity?.teamId;
  }

  async stop(): Promise<void> {
    this.bot = undefined;
    this.stopped.abort();
    await this.bolt.stop().catch((err: unknown) => this.options.log.warn({ err }, 'Slack stop failed'));
    this.connection.set({ state: 'stopped' });
  }

  /** Starts the connection loop, unless it runs already or Slack refused us for good. */
  private connect(): void {
    if (this.running || this.connection.final) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  /** Learns who the bot is (auth.test), then opens Socket Mode (HTTP mode: Slack comes to us); retries until done. */
  private async run(): Promise<void> {
    const { log } = this.options;
    for (let attempt = 0; !this.stopped.signal.aborted; attempt++) {
      let step = 'auth.test';
      try {
        if (!this.identity) {
          const me = await this.client.auth.test();
          this.identity = { userId: String(me.user_id), botId: me.bot_id, teamId: me.team_id };
          log.info({ team: me.team, user: me.user }, 'Slack: signed in');
        }
        step = 'connection';
        await this.bolt.start();
        if (this.stopped.signal.aborted) return;
        this.connection.set({ state: 'ready' });
        if (this.options.appToken) log.info('Slack: Socket Mode connected');
        return;
      } catch (err) {
        if (this.stopped.signal.aborted) return;
        const error = errorText(err ?? 'the Socket Mode connection closed');
        const fatal = fatalSlackError(err, step === 'auth.test' ? 'SLACK_BOT_TOKEN' : 'SLACK_APP_TOKEN');
        if (fatal || err instanceof SlackTokenHalted) {
          // The bot token's rejection was reported by the client's guard already (tokenRejected).
          if (fatal && step !== 'auth.test') this.tokenRejected(fatal);
          return;
        }
        const delay = backoffDelay(attempt);
        const nextAttemptAt = new Date(Date.now() + delay).toISOString();
        this.connection.set({ state: 'retrying', attempt: attempt + 1, lastError: error, nextAttemptAt });
        log.warn({ err, attempt }, `Slack ${step} failed; retrying in ${seconds(delay)}`);
        await sleep(delay, this.stopped.signal);
      }
    }
  }

  /** Slack refused a token for good: one fatal line saying what to fix, and the connection marked fatal. */
  private tokenRejected(reason: string): void {
    if (this.connection.final) return;
    this.connection.set({ state: 'fatal', reason });
    this.options.log.fatal(`${reason}; Slack stays disconnected until the server restarts`);
    // Nothing more can be received usefully: Socket Mode is closed (HTTP mode's events are acked and dropped).
    if (this.options.appToken) void this.bolt.stop().catch(() => {});
  }

  private async context(
    where: SlackWhere,
    eventId: string,
    teamId: string,
    messageTs?: string,
    addressed = false,
  ): Promise<EventContext> {
    // The language of the bot's own replies, from the same cached users.info; passive traffic is not answered.
    const locale = messageTs && !addressed ? undefined : await this.people.locale(where.userId);
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
      isModerator: messageTs ? false : await this.people.isAdmin(where.userId),
      locale,
      actions: slackActions(
        this.client,
        messageTs ? { channel: where.channel, ts: messageTs } : undefined,
        this.history,
        this.people,
        this.access,
      ),
      reply: this.delivery.replier({ ...where, locale }),
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
