import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { parseDiscordBody } from './body.js';
import { FakeCdn } from './cdn.js';
import { type CommandBody, commandProblems } from './commands.js';
import { ChannelMessages, type StoredMessage } from './messages.js';

export interface GatewayCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** The query string of GETs (GET /channels/:id/messages?limit=…&before=…). */
  query?: Record<string, string>;
  /** The id of the message the call created, when it created one. */
  createdId?: string;
}

export const BOT_USER = { id: '900', username: 'omb', discriminator: '0', global_name: null, avatar: null, bot: true };
export const GUILD = 'g1';
/** A guild id as Discord's are (a snowflake), for tests that need role positions to work in discord.js. */
export const SNOWFLAKE_GUILD = '1100000000000000001';
const now = () => new Date().toISOString();
/** Threads are channels with a parent; the fake has one. */
const THREADS: Record<string, { parent_id: string; name: string }> = { t1: { parent_id: 'c1', name: 'a thread' } };
/** What Discord says when it closes a connection for good (the close frame's reason). */
const CLOSE_REASONS: Record<number, string> = { 4004: 'Authentication failed.', 4014: 'Disallowed intent(s).' };
/** An age-restricted ("NSFW") text channel, besides c1. */
export const AGE_RESTRICTED_CHANNEL = 'c-adults';
/** The guild's owner: Discord lets nobody act on them. */
export const GUILD_OWNER = 'u0';

/** Permission bits the fake's roles use (Discord's values). */
export const PERMISSION = {
  kick: 1n << 1n,
  ban: 1n << 2n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageMessages: 1n << 13n,
  readMessageHistory: 1n << 16n,
  moderateMembers: 1n << 40n,
};
/** A staff-only channel: its overwrites deny @everyone View Channel and allow it to the Staff role (ROLES.staff). */
export const STAFF_CHANNEL = 'c-staff';

/**
 * The guild's roles besides @everyone (no permissions, position 0). The higher the position, the more a role
 * outranks: the bot can only act on members whose highest role is below its own (`bot`, position 5).
 */
export const ROLES = {
  /** The bot's role: it may delete messages, time out, kick and ban, but not view or post (see rest-guard tests). */
  bot: {
    id: '7001',
    name: 'omb',
    position: 5,
    permissions: PERMISSION.kick | PERMISSION.ban | PERMISSION.manageMessages | PERMISSION.moderateMembers,
  },
  /** Manage Messages: a moderator's role, below the bot's. */
  moderators: { id: '7002', name: 'Moderators', position: 3, permissions: PERMISSION.manageMessages },
  /** No permissions, but above the bot's role. */
  senior: { id: '7003', name: 'Senior', position: 8, permissions: 0n },
  artists: { id: '7004', name: 'Artists', position: 1, permissions: 0n },
  /** No permissions of its own; the only role STAFF_CHANNEL's overwrites let in. */
  staff: { id: '7005', name: 'Staff', position: 2, permissions: 0n },
} as const;

/**
 * A small fake Discord for real discord.js: REST under /api/v10 (gateway/bot, application commands, interaction
 * callbacks, webhook edits and follow-ups, channel messages: posting, and reading them back page by page) and a
 * JSON WebSocket gateway (HELLO, IDENTIFY → READY with resume_gateway_url + GUILD_CREATE, heartbeat ACKs,
 * dispatches). The guild (g1 unless given) has channels c1 and c2 and thread t1 (in c1), roles (ROLES) and an owner
 * (GUILD_OWNER); any other channel id is a text channel. Several bots (shards) may connect: each gets its READY, and
 * later dispatches go to the connection that identified last.
 *
 * Outages, as Discord has them: the fake can start later on a chosen port (the bot first finds nothing there),
 * answer GET /gateway/bot with errors for a while, ask the bot to reconnect (op 7), invalidate its session (op 9),
 * and close the connection with a close code, or answer IDENTIFY with one (4004 bad token, 4014 disallowed intents).
 */
export class FakeDiscord {
  readonly calls: GatewayCall[] = [];
  readonly identifies: Record<string, unknown>[] = [];
  readonly resumes: Record<string, unknown>[] = [];
  /** REST calls whose path contains `path` are answered with `status` (403: Missing Permissions, 401: bad token). */
  failing: { path: string; status: 401 | 403 } | undefined;
  /** The permissions of the member behind interactions (set Manage Server, 1 << 5, to play a moderator). */
  memberPermissions = '2248473465835073';
  /** Members' role ids (ROLES), in messages, interactions and GET …/members/:id; members have none by default. */
  readonly memberRoles = new Map<string, string[]>();
  /**
   * The @everyone role's permissions in GUILD_CREATE (a decimal bitfield): none by default, so the bot can neither
   * view nor post anywhere (see rest-guard tests); give View Channel for a guild whose channels members can read.
   */
  everyonePermissions = '0';
  /** Users GET …/members/:id answers 404 Unknown Member for (they left the guild). */
  readonly departedMembers = new Set<string>();
  /** The application's flags (GET /applications/@me): Message Content intent enabled (1 << 18) by default. */
  applicationFlags = 1 << 18;
  /** What Discord refused in PUT …/commands (its rules for names and lengths): empty when all were taken. */
  readonly commandProblems: string[] = [];
  /** The locale of the member behind interactions (Discord's code: `de`, `ja`, `es-419`, …). */
  memberLocale = 'en-US';
  /** The guild's preferred locale (its community's language), in GUILD_CREATE and interactions. */
  guildLocale = 'en-US';
  /** The application's public key for HTTP interactions. */
  verifyKey = 'ab'.repeat(32);
  /** More text channels the guild announces (set before the bot connects), e.g. for traffic over many channels. */
  extraChannels: string[] = [];
  /** Set to false to play a silent gateway: heartbeats go unanswered, the client must detect it and resume. */
  ackHeartbeats = true;
  /** GET /gateway/bot answers these statuses first, one per request (e.g. [502, 503]; [401]: a wrong token). */
  gatewayBotFailures: number[] = [];
  /** GET /gateway/bot requests, failed ones included (each is one login attempt by discord.js). */
  gatewayBotRequests = 0;
  /** Gateway WebSocket connections opened (a client's first, its reconnects and its resumes). */
  connections = 0;
  /** IDENTIFY is answered by closing the connection with this code (4004: authentication failed, 4014: …). */
  identifyCloseCode: number | undefined;
  /** Sessions that may be resumed: IDENTIFY opens one, INVALID_SESSION (d=false) ends it. */
  private readonly sessions = new Map<WebSocket, string>();
  private readonly validSessions = new Set<string>();
  private sessionCount = 0;
  /** Attachments people post, served from this fake's port (the configured API host) as the CDN would. */
  readonly cdn = new FakeCdn(() => `http://127.0.0.1:${this.port}`);
  /** Every dispatch sent, for replay after a RESUME. */
  private readonly history: { s: number; t: string; d: object }[] = [];
  private server: http.Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private seq = 0;
  private nextId = 5000;
  /** Enforced nonces of the bot's posts, per channel, with the message each made. */
  private readonly nonces = new Map<string, StoredMessage>();
  /**
   * Holds the bot's channel posts, never answering them (a process killed mid-call): `made` posts the message
   * first (the answer was lost on the way back), `lost` does not (the request never arrived); `lost` ones are counted.
   */
  holdPosts: false | 'made' | 'lost' = false;
  lostPosts = 0;
  /** Interaction token → the channel it was used in, so replies can be placed. */
  private readonly tokens = new Map<string, string>();
  /** What GET /channels/:id/messages answers: dispatched, posted and seeded messages. */
  private readonly channelMessages = new ChannelMessages();

  /**
   * `guildId`: the one guild's id, which is also its @everyone role's. Discord's ids are snowflakes, and discord.js
   * ranks roles with BigInt(id): tests of role hierarchy (moderation) pass a numeric one such as SNOWFLAKE_GUILD.
   */
  constructor(
    private readonly heartbeatIntervalMs = 45_000,
    readonly guildId: string = GUILD,
  ) {}

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the fake Discord is not started');
    return (address as AddressInfo).port;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** `port`: a chosen one (the bot may already be trying it), else any free one. */
  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      if (this.cdn.handle(req, res)) return;
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        void parseDiscordBody(req, Buffer.concat(chunks)).then((body) => this.rest(req, res, body));
      });
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => this.connect(socket));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** op 7 RECONNECT: the bot should close, reconnect to resume_gateway_url and RESUME. */
  reconnect(): void {
    this.socket?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  /** op 9 INVALID_SESSION: `resumable` (d=true) lets the bot RESUME; d=false ends the session, it must IDENTIFY. */
  invalidateSession(resumable: boolean): void {
    const socket = this.socket;
    if (!socket) return;
    if (!resumable) this.validSessions.delete(this.sessions.get(socket) ?? '');
    socket.send(JSON.stringify({ op: 9, d: resumable, s: null, t: null }));
  }

  /** Closes the bot's connection with a gateway close code (4000 unknown error: resumable; 4004, 4014: fatal). */
  closeConnection(code: number, reason = ''): void {
    this.socket?.close(code, reason);
  }

  /** Sends a gateway dispatch (MESSAGE_CREATE, INTERACTION_CREATE, …) to the connected bot. */
  /** The guild's settings changed: a new preferred locale, as a GUILD_UPDATE tells connected bots. */
  setGuildLocale(locale: string): void {
    this.guildLocale = locale;
    this.dispatch('GUILD_UPDATE', { id: this.guildId, name: 'Test guild', preferred_locale: locale });
  }

  dispatch(t: string, d: object): void {
    this.seq += 1;
    this.history.push({ s: this.seq, t, d });
    this.socket?.send(JSON.stringify({ op: 0, t, s: this.seq, d }));
  }

  /** Sends an event again, as a platform redelivers one: the payload of the dispatch `t` whose id is `id`. */
  redeliver(t: string, id: string): void {
    const sent = this.history.find((e) => e.t === t && (e.d as { id?: unknown }).id === id);
    if (!sent) throw new Error(`no ${t} ${id} was dispatched`);
    this.dispatch(t, sent.d);
  }

  message(channelId: string, content: string, extra: object = {}): string {
    return this.messageFrom('u1', channelId, content, extra);
  }

  /** A guild message by `authorId`, with the member's roles (`memberRoles`). */
  messageFrom(authorId: string, channelId: string, content: string, extra: object = {}): string {
    const id = String(this.nextId++);
    const { user: _user, ...member } = this.member(authorId);
    const payload = {
      ...this.messagePayload(id, channelId, this.user(authorId), content),
      guild_id: this.guildId,
      member,
      ...extra,
    };
    this.channelMessages.add(payload);
    this.dispatch('MESSAGE_CREATE', payload);
    return id;
  }

  /** `userId` adds the reaction `emoji` (Unicode) to message `messageId` of `channelId` (MESSAGE_REACTION_ADD). */
  react(channelId: string, messageId: string, emoji: string, userId = 'u2'): void {
    this.dispatch('MESSAGE_REACTION_ADD', {
      user_id: userId,
      channel_id: channelId,
      message_id: messageId,
      guild_id: this.guildId,
      member: this.member(userId),
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
    });
  }

  /** Threads the bot started on messages: thread id → the message it is on and its name. */
  readonly threads = new Map<string, { channelId: string; messageId: string; name: string }>();

  /** Someone edits their message `id` in `channelId` into `content` (MESSAGE_UPDATE with a new edited_timestamp). */
  edit(channelId: string, id: string, content: string, authorId = 'u1'): void {
    const payload = {
      ...this.messagePayload(id, channelId, this.user(authorId), content),
      edited_timestamp: now(),
      guild_id: this.guildId,
      member: { roles: [], joined_at: now(), deaf: false, mute: false, flags: 0 },
    };
    this.channelMessages.edit(channelId, id, content);
    this.dispatch('MESSAGE_UPDATE', payload);
  }

  /** Someone forwards a message saying `content` into `channelId` (a message reference of type 1 with a snapshot). */
  forward(channelId: string, content: string): string {
    const snapshot = { ...this.messagePayload('0', 'c-elsewhere', this.user('u7'), content) };
    const { id: _id, channel_id: _channel, author: _author, ...message } = snapshot;
    return this.message(channelId, '', {
      message_reference: { type: 1, message_id: '4000', channel_id: 'c-elsewhere', guild_id: this.guildId },
      message_snapshots: [{ message }],
    });
  }

  /** A message written before the bot was watching: in the channel's history, never dispatched. */
  seed(channelId: string, content: string, authorId = 'u1'): string {
    const id = String(this.nextId++);
    this.channelMessages.add({
      ...this.messagePayload(id, channelId, this.user(authorId), content),
      guild_id: this.guildId,
    });
    return id;
  }

  /** A channel object as Discord sends it: t1 is a public thread in c1, anything else a text channel. */
  channelPayload(channelId: string) {
    const thread = THREADS[channelId];
    if (!thread) {
      const nsfw = channelId === AGE_RESTRICTED_CHANNEL;
      return {
        id: channelId,
        type: 0,
        guild_id: this.guildId,
        name: channelId,
        position: 1,
        permission_overwrites: channelId === STAFF_CHANNEL ? this.staffOverwrites() : [],
        nsfw,
      };
    }
    const metadata = { archived: false, auto_archive_duration: 60, archive_timestamp: now(), locked: false };
    return { id: channelId, type: 11, guild_id: this.guildId, ...thread, owner_id: 'u1', thread_metadata: metadata };
  }

  /** The guild's roles as Discord sends them (GUILD_CREATE, GET /guilds/:id). */
  private guildRoles() {
    return [
      {
        id: this.guildId,
        name: '@everyone',
        permissions: this.everyonePermissions,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      ...Object.values(ROLES).map((role) => ({
        ...role,
        permissions: String(role.permissions),
        color: 0,
        hoist: false,
        managed: false,
        mentionable: true,
        flags: 0,
      })),
    ];
  }

  /** STAFF_CHANNEL's overwrites: type 0 is a role's (the guild id is @everyone's), 1 a member's. */
  private staffOverwrites() {
    const view = String(PERMISSION.viewChannel | PERMISSION.readMessageHistory);
    return [
      { id: this.guildId, type: 0, allow: '0', deny: view },
      { id: ROLES.staff.id, type: 0, allow: view, deny: '0' },
    ];
  }

  /** A message object as Discord sends it (for dispatches and resolved data). */
  messagePayload(id: string, channelId: string, author: object, content: string) {
    return {
      id,
      channel_id: channelId,
      author,
      content,
      timestamp: now(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: content.includes(`<@${BOT_USER.id}>`) ? [BOT_USER] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
    };
  }

  /** A public thread (type 11) the bot owns, on a message of `parentId`. */
  private threadPayload(id: string, parentId: string, name: string) {
    return {
      id,
      type: 11,
      guild_id: this.guildId,
      parent_id: parentId,
      name,
      owner_id: BOT_USER.id,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now(), locked: false },
      member_count: 1,
      message_count: 0,
      rate_limit_per_user: 0,
    };
  }

  /** `messageId`: for a component interaction, the message its button was on. */
  interaction(
    type: number,
    data: object,
    channelId = 'c1',
    id = String(this.nextId++),
    messageId = 'origin-1',
  ): { id: string; token: string } {
    const token = `tok-${id}-${this.nextId++}`;
    this.tokens.set(token, channelId);
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: 'app1',
      type,
      token,
      version: 1,
      guild_id: this.guildId,
      channel_id: channelId,
      channel: this.channelPayload(channelId),
      member: {
        user: { id: 'u1', username: 'user', discriminator: '0', global_name: null, avatar: null },
        roles: this.memberRoles.get('u1') ?? [],
        permissions: this.memberPermissions,
        joined_at: now(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      data,
      app_permissions: '2248473465835073',
      locale: this.memberLocale,
      guild_locale: this.guildLocale,
      entitlements: [],
      authorizing_integration_owners: { '0': this.guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      // A component interaction carries the message its button or menu was on.
      ...(type === 3 ? { message: this.messagePayload(messageId, channelId, BOT_USER, '') } : {}),
    });
    return { id, token };
  }

  private user(id: string) {
    return id === BOT_USER.id
      ? BOT_USER
      : { id, username: `user${id}`, discriminator: '0', global_name: null, avatar: null };
  }

  /**
   * A guild member with their `memberRoles` (the bot: its own role, which grants no view or send permission, so the
   * bot still lacks those in every channel).
   */
  private member(id: string) {
    const roles = id === BOT_USER.id ? [ROLES.bot.id] : (this.memberRoles.get(id) ?? []);
    return { user: this.user(id), roles, joined_at: now(), deaf: false, mute: false, flags: 0 };
  }

  private connect(socket: WebSocket): void {
    this.connections += 1;
    this.socket = socket;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (payload.op === 1 && this.ackHeartbeats) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (payload.op === 2) {
        this.identifies.push(payload.d);
        if (this.identifyCloseCode) {
          socket.close(this.identifyCloseCode, CLOSE_REASONS[this.identifyCloseCode] ?? '');
          return;
        }
        // With several connections (one per shard), dispatches go to the one that identified last.
        this.socket = socket;
        this.sessionCount += 1;
        const sessionId = `session-${this.sessionCount}`;
        this.sessions.set(socket, sessionId);
        this.validSessions.add(sessionId);
        this.ready(Array.isArray(payload.d.shard) ? payload.d.shard : [0, 1], sessionId);
      }
      if (payload.op === 6) this.resume(socket, payload.d);
    });
  }

  /** RESUME: acknowledge, then replay every dispatch after the client's last sequence number. */
  private resume(socket: WebSocket, d: Record<string, unknown>): void {
    this.resumes.push(d);
    const sessionId = String(d.session_id);
    if (!this.validSessions.has(sessionId)) {
      // An ended session cannot be resumed: Discord answers INVALID_SESSION (d=false), the bot must IDENTIFY.
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    this.sessions.set(socket, sessionId);
    this.socket = socket;
    const after = Number(d.seq ?? 0);
    this.seq += 1;
    socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: this.seq, d: {} }));
    for (const event of this.history.filter((e) => e.s > after)) {
      socket.send(JSON.stringify({ op: 0, t: event.t, s: event.s, d: event.d }));
    }
  }

  private ready(shard: unknown[], sessionId: string): void {
    const url = `ws://127.0.0.1:${this.port}`;
    this.dispatch('READY', {
      v: 10,
      user: BOT_USER,
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: sessionId,
      resume_gateway_url: url,
      shard,
      application: { id: 'app1', flags: 0 },
    });
    this.dispatch('GUILD_CREATE', {
      id: this.guildId,
      name: 'Test guild',
      unavailable: false,
      owner_id: GUILD_OWNER,
      preferred_locale: this.guildLocale,
      joined_at: now(),
      member_count: 2,
      large: false,
      roles: this.guildRoles(),
      channels: [
        { id: 'c1', type: 0, guild_id: this.guildId, name: 'general', position: 0, permission_overwrites: [] },
        { id: 'c2', type: 0, guild_id: this.guildId, name: 'voice-notes', position: 2, permission_overwrites: [] },
        this.channelPayload(AGE_RESTRICTED_CHANNEL),
        this.channelPayload(STAFF_CHANNEL),
        ...this.extraChannels.map((id) => this.channelPayload(id)),
      ],
      threads: [
        {
          id: 't1',
          type: 11,
          guild_id: this.guildId,
          parent_id: 'c1',
          name: 'a thread',
          owner_id: 'u1',
          thread_metadata: { archived: false, auto_archive_duration: 60, archive_timestamp: now(), locked: false },
        },
      ],
      members: [this.member(BOT_USER.id)],
      emojis: [],
      stickers: [],
      features: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: 0,
    });
  }

  private rest(req: http.IncomingMessage, res: http.ServerResponse, parsed: Record<string, unknown>): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/users/@me') {
      json(200, BOT_USER);
      return;
    }
    if (path === '/applications/@me') {
      json(200, { id: 'app1', name: 'omb', flags: this.applicationFlags, verify_key: this.verifyKey, bot: BOT_USER });
      return;
    }
    if (path === '/gateway/bot') {
      this.gatewayBotRequests += 1;
      const failure = this.gatewayBotFailures.shift();
      if (failure) {
        json(failure, { message: `${failure}: ${http.STATUS_CODES[failure] ?? 'Error'}`, code: 0 });
        return;
      }
      json(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
      return;
    }
    if (this.failing && path.includes(this.failing.path)) {
      this.calls.push({ method, path, body: { failedWith: this.failing.status } });
      const error =
        this.failing.status === 401
          ? { message: '401: Unauthorized', code: 0 }
          : { message: 'Missing Permissions', code: 50013 };
      json(this.failing.status, error);
      return;
    }
    const body = parsed;
    const query = Object.fromEntries(url.searchParams);
    if (this.holdPosts === 'lost' && method === 'POST' && /^\/channels\/[^/]+\/messages$/.test(path)) {
      this.lostPosts += 1;
      return;
    }
    this.calls.push({ method, path, body, ...(method === 'GET' && url.search ? { query } : {}) });
    const member = /^\/guilds\/[^/]+\/members\/([^/]+)$/.exec(path)?.[1];
    if (member && method === 'DELETE') {
      // A kick: Discord answers 204.
      res.writeHead(204);
      res.end();
      return;
    }
    if (member && this.departedMembers.has(member)) {
      json(404, { message: 'Unknown Member', code: 10007 });
      return;
    }
    if (member) {
      // GET, or PATCH (a timeout sets communication_disabled_until): the member as it now is.
      const until = method === 'PATCH' ? { communication_disabled_until: body.communication_disabled_until } : {};
      json(200, { ...this.member(member === '@me' ? BOT_USER.id : member), ...until });
      return;
    }
    if (path === `/guilds/${this.guildId}` && method === 'GET') {
      json(200, { id: this.guildId, name: 'Test guild', owner_id: GUILD_OWNER, roles: this.guildRoles() });
      return;
    }
    if (/^\/guilds\/[^/]+\/bans\/[^/]+$/.test(path) && method === 'PUT') {
      res.writeHead(204);
      res.end();
      return;
    }
    const user = /^\/users\/(\d[^/]*|u\w+)$/.exec(path)?.[1];
    if (user && method === 'GET') {
      json(200, this.user(user));
      return;
    }
    const channel = /^\/channels\/([^/]+)$/.exec(path)?.[1];
    if (channel && method === 'GET') {
      json(200, this.channelPayload(channel));
      return;
    }
    const history = /^\/channels\/([^/]+)\/messages$/.exec(path)?.[1];
    if (history && method === 'GET') {
      const page = this.channelMessages.page(history, url.searchParams);
      json('status' in page ? page.status : 200, 'status' in page ? { message: page.message, code: 50035 } : page);
      return;
    }
    if (path === '/users/@me/channels' && method === 'POST') {
      const recipient = String(body.recipient_id);
      json(200, { id: `dm-${recipient}`, type: 1, recipients: [this.user(recipient)] });
      return;
    }
    if (/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(path)) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (/^\/applications\/[^/]+\/(guilds\/[^/]+\/)?commands$/.test(path)) {
      const commands = Array.isArray(body) ? (body as unknown as CommandBody[]) : [];
      // As Discord: commands breaking its rules (names, lengths, clashes) are refused as a whole.
      const problems = method === 'PUT' ? commandProblems(commands) : [];
      this.commandProblems.push(...problems);
      if (problems.length) json(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      else json(200, commands);
      return;
    }
    const threadOn = /^\/channels\/([^/]+)\/messages\/([^/]+)\/threads$/.exec(path);
    if (threadOn && method === 'POST') {
      const [, parent = '', on = ''] = threadOn;
      // As on Discord, a thread started from a message has the message's id.
      const id = on;
      this.threads.set(id, { channelId: parent, messageId: on, name: String(body.name ?? '') });
      json(201, this.threadPayload(id, parent, String(body.name ?? '')));
      return;
    }
    const single = /^\/channels\/([^/]+)\/messages\/([^/]+)$/.exec(path);
    if (single && method === 'GET') {
      const found = this.channelMessages.find(single[1] ?? '', single[2] ?? '');
      json(found ? 200 : 404, found ?? { message: 'Unknown Message', code: 10008 });
      return;
    }
    const posted = /^\/channels\/([^/]+)\/messages/.exec(path)?.[1];
    const channelId = posted ?? 'c1';
    const existing = /messages\/([^/]+)$/.exec(path)?.[1];
    // Like Discord, an enforced nonce seen lately in the channel answers the message it made instead of a new one.
    const nonce = posted && method === 'POST' && body.enforce_nonce === true ? `${channelId}:${body.nonce}` : undefined;
    const earlier = nonce ? this.nonces.get(nonce) : undefined;
    if (earlier) {
      (this.calls.at(-1) as GatewayCall).createdId = earlier.id;
      json(200, earlier);
      return;
    }
    const id = existing ?? String(this.nextId++);
    if (!existing) (this.calls.at(-1) as GatewayCall).createdId = id;
    const message: StoredMessage = this.messagePayload(id, channelId, BOT_USER, String(body.content ?? ''));
    // The bot's own channel messages are part of the channel's history too.
    if (posted && method === 'POST' && !existing) this.channelMessages.add({ ...message, guild_id: this.guildId });
    if (nonce) this.nonces.set(nonce, message);
    // A held post is made but never answered: its poster cannot know it went out.
    if (posted && method === 'POST' && this.holdPosts === 'made') return;
    if (posted && method === 'PATCH' && existing) this.channelMessages.edit(channelId, existing, message.content);
    json(200, message);
  }

  /** What a person sees in a channel or thread, oldest first, after edits (deferred placeholders excluded). */
  visible(channelId: string): string[] {
    const messages = new Map<string, string>();
    for (const call of this.calls) {
      const callback = /^\/interactions\/[^/]+\/([^/]+)\/callback$/.exec(call.path);
      const webhook = /^\/webhooks\/[^/]+\/([^/]+)(?:\/messages\/(.+))?$/.exec(call.path);
      const channel = /^\/channels\/([^/]+)\/messages(?:\/(.+))?$/.exec(call.path);
      const content = String((call.body.data as { content?: string } | undefined)?.content ?? call.body.content ?? '');
      if (callback?.[1] && this.tokens.get(callback[1]) === channelId) {
        messages.set(`original:${callback[1]}`, call.body.type === 4 ? content : '');
      } else if (webhook?.[1] && this.tokens.get(webhook[1]) === channelId) {
        const key =
          webhook[2] === '@original' ? `original:${webhook[1]}` : (webhook[2] ?? `followup:${call.createdId}`);
        messages.set(key, content);
      } else if (channel?.[1] === channelId) {
        messages.set(channel[2] ?? String(call.createdId), content);
      }
    }
    return [...messages.values()].filter((text) => text !== '');
  }

  /**
   * Every message body the bot sent (channel and DM posts, edits, interaction responses, webhook follow-ups and
   * edits), as sent, with the reason it would ping someone, as Discord decides that (undefined: nobody).
   */
  outgoing(): { body: string; wouldPing?: string | undefined }[] {
    return this.calls.flatMap((call) => {
      const sends = call.method === 'POST' || call.method === 'PATCH';
      const callback = /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(call.path);
      const message = callback
        ? call.body.type === 4 || call.body.type === 7
          ? (call.body.data as Record<string, unknown> | undefined)
          : undefined
        : sends && /^\/(channels\/[^/]+\/messages|webhooks\/)/.test(call.path)
          ? call.body
          : undefined;
      return message ? [{ body: JSON.stringify(message), wouldPing: discordPing(message) }] : [];
    });
  }

  /** Whether the bot deferred (showed "thinking…") for the interaction with this id. */
  deferred(interactionId: string): boolean {
    return this.calls.some((c) => c.path.startsWith(`/interactions/${interactionId}/`) && c.body.type === 5);
  }

  /** The payload of the most recent dispatch of type `t` (to deliver it again). */
  lastDispatch(t: string): object {
    const event = [...this.history].reverse().find((e) => e.t === t);
    if (!event) throw new Error(`no ${t} was dispatched`);
    return event.d;
  }
}

/**
 * Why Discord would ping someone for this message body, or undefined. Without `allowed_mentions` it pings every
 * @everyone, @here, role and user its content names (the bot may mention them all here); with it, only what
 * `parse` allows by kind, plus the exact `users` and `roles` ids listed.
 */
export function discordPing(message: Record<string, unknown>): string | undefined {
  const content = String(message.content ?? '');
  const allowed = (message.allowed_mentions ?? { parse: ['everyone', 'users', 'roles'] }) as {
    parse?: string[];
    users?: string[];
    roles?: string[];
  };
  const parse = allowed.parse ?? [];
  const named = {
    everyone: /@(everyone|here)\b/.test(content),
    users: /<@!?\d+>/.test(content),
    roles: /<@&\d+>/.test(content),
  };
  const kinds = (['everyone', 'users', 'roles'] as const).filter((kind) => parse.includes(kind) && named[kind]);
  const ids = [...(allowed.users ?? []), ...(allowed.roles ?? [])];
  if (kinds.length) return `parse ${kinds.join(', ')} with such mentions in the content`;
  if (ids.length) return `pings ${ids.join(', ')}`;
  return undefined;
}
