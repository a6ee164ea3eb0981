import { type Client, DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, Events } from 'discord.js';
import type { Logger } from '../../log.js';
import {
  type BackoffOptions,
  backoffDelay,
  ConnectionStatus,
  errorText,
  type PlatformStatus,
  seconds,
  sleep,
} from '../connection.js';

/** What a rejected token means and how to fix it (REST 401 at login, or gateway close code 4004). */
export const TOKEN_FIX =
  'set DISCORD_TOKEN to the bot token from the Developer Portal (your application → Bot → Reset Token) and restart';

const UNTIL_RESTART = 'Discord stays disconnected until the server restarts';

/**
 * Gateway close codes Discord sends when reconnecting cannot help (its "reconnect: false" codes), with what the
 * operator should fix. discord.js stops reconnecting after exactly these.
 */
const FATAL_CLOSE_CODES: Record<number, string> = {
  4004: `Discord rejected the bot token (close code 4004, authentication failed): ${TOKEN_FIX}`,
  4010: 'Discord refused the shard (close code 4010, invalid shard): each DISCORD_SHARD_IDS entry must be below DISCORD_SHARD_COUNT',
  4011: 'Discord requires sharding for this bot (close code 4011): set DISCORD_SHARD_COUNT, and DISCORD_SHARD_IDS on each gateway process',
  4012: 'Discord refused the gateway API version (close code 4012): upgrade open-model-bot',
  4013: 'Discord refused the intents (close code 4013, invalid intents): this is a bug in open-model-bot, please report it',
  4014:
    'Discord refused a privileged intent (close code 4014, disallowed intents): turn on Message Content Intent ' +
    '(Developer Portal → your application → Bot → Privileged Gateway Intents) and restart',
};

export interface GatewayConnectionOptions {
  token: string;
  log: Logger;
  /** A new client with every listener in place, one per attempt (a discord.js client is not reused after a failed login). */
  createClient(): Client;
  /** Runs when a client is first ready, before the status says `ready` (registering commands); a failure is logged. */
  onReady(client: Client): Promise<void>;
  /** Whether a rejected token (401) was already logged (the REST guard sees every 401), so it is said once. */
  tokenRejectionLogged?(): boolean;
  /** Waits between failed attempts (default 1 s doubling up to 60 s, with jitter). */
  backoff?: BackoffOptions;
  /**
   * How long discord.js may spend getting a dropped connection back by itself (it resumes or re-identifies every
   * ~0.5 s) before the client is replaced and attempts follow the backoff instead. Default 30 s.
   */
  reconnectGraceMs?: number;
}

type SessionEnd =
  | { kind: 'stopped' }
  | { kind: 'fatal'; reason: string; closeCode?: number; logged?: boolean }
  | { kind: 'lost'; error: string; wasReady: boolean };

/**
 * The bot's connection to the Discord gateway, kept in the background: `start` returns at once. A login that fails
 * for a reason that may pass (Discord unreachable, 5xx, timeouts, the gateway not answering) is retried with capped
 * exponential backoff and jitter, each time with a fresh client; once connected, discord.js resumes dropped
 * connections itself (op 7 RECONNECT, op 9 INVALID_SESSION, lost heartbeats), and if it has not succeeded within
 * `reconnectGraceMs` the backoff takes over. A rejected token (401 at login, close code 4004) or another close code
 * Discord marks as final (4010–4014) stops all attempts, with one log line saying what to fix.
 */
export class GatewayConnection {
  private readonly current = new ConnectionStatus();
  private readonly stopping = new AbortController();
  private live: Client | undefined;
  private endSession: ((end: SessionEnd) => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: GatewayConnectionOptions) {}

  /** The client of the current attempt (undefined between attempts and after a fatal close). */
  get client(): Client | undefined {
    return this.live;
  }

  status(): PlatformStatus {
    return this.current.get();
  }

  start(): void {
    this.running ??= this.run().catch((err: unknown) => {
      this.current.set({ state: 'fatal', reason: `the Discord connection failed: ${errorText(err)}` });
      this.options.log.error({ err }, 'Discord connection loop failed');
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.endSession?.({ kind: 'stopped' });
    await this.running;
    this.current.set({ state: 'stopped' });
  }

  private async run(): Promise<void> {
    const { log } = this.options;
    let failures = 0;
    let lastError: string | undefined;
    while (!this.stopping.signal.aborted) {
      this.current.set(
        failures && lastError ? { state: 'connecting', attempt: failures, lastError } : { state: 'connecting' },
      );
      const client = this.options.createClient();
      this.live = client;
      const end = await this.session(client);
      this.live = undefined;
      await destroyClient(client).catch((err: unknown) => log.warn({ err }, 'destroying a Discord client failed'));
      if (end.kind === 'stopped' || this.stopping.signal.aborted) return;
      if (end.kind === 'fatal') {
        this.current.set({
          state: 'fatal',
          reason: end.reason,
          ...(end.closeCode ? { closeCode: end.closeCode } : {}),
        });
        if (!end.logged) log.fatal({ closeCode: end.closeCode }, `${end.reason}; ${UNTIL_RESTART}`);
        return;
      }
      if (end.wasReady) failures = 0;
      lastError = end.error;
      const delay = backoffDelay(failures, this.options.backoff);
      failures += 1;
      const nextAttemptAt = new Date(Date.now() + delay).toISOString();
      this.current.set({ state: 'retrying', attempt: failures, lastError: end.error, nextAttemptAt });
      log.warn(
        { attempt: failures, error: end.error, nextAttemptAt },
        `Discord unreachable (${end.error}); retrying in ${seconds(delay)}`,
      );
      await sleep(delay, this.stopping.signal);
    }
  }

  /** One client's life: resolves when it is ready no more and will not get there by itself, or on stop. */
  private session(client: Client): Promise<SessionEnd> {
    const { log } = this.options;
    const graceMs = this.options.reconnectGraceMs ?? 30_000;
    return new Promise<SessionEnd>((resolve) => {
      let ended = false;
      let ready = false;
      let lastError: string | undefined;
      let grace: NodeJS.Timeout | undefined;
      /** Shards that dropped and are not back yet. */
      const down = new Set<number>();
      const end = (result: SessionEnd) => {
        if (ended) return;
        ended = true;
        clearTimeout(grace);
        this.endSession = undefined;
        resolve(result);
      };
      this.endSession = end;

      // discord.js emits shardDisconnect only for the close codes it will not reconnect after.
      client.on(Events.ShardDisconnect, (event) => end(fatalClose(event.code)));
      client.on(Events.ShardError, (err) => {
        lastError = errorText(err);
      });
      client.on(Events.ShardReconnecting, (shardId) => {
        if (ended) return;
        down.add(shardId);
        if (ready && this.current.state === 'ready') {
          this.current.set({ state: 'reconnecting' });
          log.warn({ shardId }, 'Discord connection dropped; reconnecting');
        }
        grace ??= setTimeout(
          () => end({ kind: 'lost', error: lastError ?? 'the Discord gateway could not be reached', wasReady: ready }),
          graceMs,
        );
      });
      const up = (shardId: number) => {
        down.delete(shardId);
        if (ended || down.size > 0) return;
        clearTimeout(grace);
        grace = undefined;
        lastError = undefined;
        if (ready && this.current.state !== 'ready') {
          this.current.set({ state: 'ready' });
          log.info('Discord connection is back');
        }
      };
      client.on(Events.ShardResume, (shardId) => up(shardId));
      client.on(Events.ShardReady, (shardId) => up(shardId));
      client.once(Events.ClientReady, () => {
        void this.options
          .onReady(client)
          .catch((err: unknown) => log.error({ err }, 'Discord: could not register the commands'))
          .then(() => {
            if (ended) return;
            ready = true;
            this.current.set({ state: down.size ? 'reconnecting' : 'ready' });
            log.info({ user: client.user?.tag }, 'Discord: connected');
          });
      });
      client.login(this.options.token).catch((err: unknown) => {
        if (!isTokenRejected(err)) return end({ kind: 'lost', error: errorText(err), wasReady: ready });
        const reason = `Discord rejected the bot token (401): ${TOKEN_FIX}`;
        end({ kind: 'fatal', reason, logged: this.options.tokenRejectionLogged?.() ?? false });
      });
    });
  }
}

function fatalClose(code: number): SessionEnd {
  const reason = FATAL_CLOSE_CODES[code] ?? `Discord closed the gateway connection for good (close code ${code})`;
  return { kind: 'fatal', reason, closeCode: code };
}

/** GET /gateway/bot answered 401: discord.js turns it into TokenInvalid. */
function isTokenRejected(err: unknown): boolean {
  if (err instanceof DiscordjsError) return err.code === DiscordjsErrorCodes.TokenInvalid;
  return err instanceof DiscordAPIError && err.status === 401;
}

/** What `destroyClient` needs of discord.js' internals: @discordjs/ws' manager and its SimpleShardingStrategy. */
interface ShardInternals {
  _ws?: { strategy?: { shards?: Map<number, { internalConnect?: () => Promise<void> }> } } | null;
}

/**
 * Destroys a client for good. discord.js 14 (@discordjs/ws 1.x) reconnects a dropped shard 500 ms after closing it,
 * and a client destroyed during that pause connects and identifies again regardless: a session nobody owns, whose
 * events still reach the listeners (seen against the fake gateway). So each shard's reconnect is made a no-op
 * first. Should a later discord.js keep its shards elsewhere, nothing is found here and this is a plain destroy
 * (the outage tests count IDENTIFYs and would catch the extra session).
 */
async function destroyClient(client: Client): Promise<void> {
  const shards = (client.ws as unknown as ShardInternals)._ws?.strategy?.shards;
  for (const shard of shards?.values() ?? []) shard.internalConnect = async () => {};
  await client.destroy();
}
