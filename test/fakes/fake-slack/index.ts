import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackSocket, until } from './socket.js';
import { bearer, type SlackFault, type SlackIdentity, type SlackMessage, SlackWebApi } from './web-api.js';

export type { EnvelopeType, SendOptions, SlackAck, SlackEnvelope } from './socket.js';
export { encodeForHttp, postToBolt, signSlackRequest } from './socket.js';
export type { SlackCall, SlackEphemeral, SlackFault, SlackFile, SlackIdentity, SlackMessage } from './web-api.js';

/** `port`: a chosen one (e.g. where a Slack that went away comes back), else any free one. */
export type FakeSlackOptions = Partial<SlackIdentity> & { ackTimeoutMs?: number; port?: number };
export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

export interface MessageEventOptions {
  text: string;
  user?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  /** File ids from `addFile` (expanded to Slack file objects) or ready-made file objects. */
  files?: (string | Record<string, unknown>)[];
  /** Defaults to 'file_share' for `message` events with files. */
  subtype?: string;
  bot_id?: string;
  channel_type?: 'channel' | 'group' | 'im' | 'mpim';
  eventId?: string;
  /** Add the message to the fake's history, so conversations.replies sees it (default true). */
  store?: boolean;
}

export type EventCallbackPayload = {
  type: 'event_callback';
  event_id: string;
  event: Record<string, unknown>;
} & Record<string, unknown>;
/** Flat strings: Slack form-encodes slash commands over HTTP. */
export type SlashCommandPayload = Record<string, string> & { command: string; response_url: string };
export type BlockActionsPayload = { type: 'block_actions'; response_url: string; trigger_id: string } & Record<
  string,
  unknown
>;
export type SlackDownload = {
  path: string;
  token: string | undefined;
  served: 'file' | 'login-page' | 'redirect' | 'not-found';
};

export const DEFAULT_USER = 'U0USER0001';
export const DEFAULT_CHANNEL = 'C0CHAN0001';
const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>';

/**
 * A fake Slack on one loopback port: the Web API under /api/, upload URLs (/upload/v1/…), private file hosting
 * (/files-pri/…), response_urls (/response/…), and Socket Mode (/socket). Point WebClient's `slackApiUrl` at `apiUrl`.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}) {
  const identity: SlackIdentity = {
    teamId: options.teamId ?? 'T0FAKE0001',
    teamName: options.teamName ?? 'fake-team',
    botToken: options.botToken ?? 'xoxb-fake-bot-token',
    appToken: options.appToken ?? 'xapp-1-fake-app-token',
    botUserId: options.botUserId ?? 'U0BOT00001',
    botUserName: options.botUserName ?? 'omb',
    botId: options.botId ?? 'B0BOT00001',
    appId: options.appId ?? 'A0FAKE0001',
  };
  let port = 0;
  const base = () => `http://127.0.0.1:${port}`;
  const socket = new SlackSocket(identity.appId, () => `ws://127.0.0.1:${port}`, options.ackTimeoutMs);
  const api = new SlackWebApi(identity, base, () => socket.issueUrl());
  const responses: { url: string; body: Record<string, unknown> }[] = [];
  /** A button press's response_url acts on the message the button was on (delete_original). */
  const responseOrigins = new Map<string, { channel: string; ts: string }>();
  const downloads: SlackDownload[] = [];
  const redirects = new Map<string, { location: string; status: number }>();
  /** Plays a workspace whose app lacks files:read: every download gets the sign-in page. */
  let filesRefused = false;

  // Files: the bytes for the bot token; for anyone else Slack answers 200 with an HTML sign-in page.
  const serve = (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    const [token, redirect] = [bearer(req), redirects.get(path)];
    const file = [...api.files.values()].find((f) => f.uploaded && new URL(f.url_private).pathname === path);
    const refused = token !== identity.botToken || filesRefused;
    const served = redirect ? 'redirect' : refused ? 'login-page' : file ? 'file' : 'not-found';
    downloads.push({ path, token, served });
    if (redirect) res.writeHead(redirect.status, { location: redirect.location }).end();
    else if (served === 'file' && file) res.writeHead(200, { 'content-type': file.mimetype }).end(file.data);
    else res.writeHead(served === 'not-found' ? 404 : 200, { 'content-type': 'text/html' }).end(LOGIN_PAGE);
  };
  const route = (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) void api.api(path.slice(5), req, res, raw);
    else if (path.startsWith('/upload/v1/')) void api.upload(path.slice(11), req, res, raw);
    else if (path.startsWith('/response/')) {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString() || '{}') as Record<string, unknown>;
      } catch {
        body = { raw: raw.toString() };
      }
      responses.push({ url: `${base()}${path}`, body });
      const origin = responseOrigins.get(`${base()}${path}`);
      if (origin && (body.delete_original === true || body.delete_original === 'true'))
        api.remove(origin.channel, origin.ts);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else if (req.method === 'GET' && (path.startsWith('/files-pri/') || redirects.has(path))) serve(req, res, path);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => route(req, res, Buffer.concat(chunks)));
  });
  server.on('upgrade', (req, duplex, head) => socket.upgrade(req, duplex, head));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  let seq = 0;
  const trigger = () => `${++seq}.${Date.now()}.${randomBytes(16).toString('hex')}`;
  const responseUrl = () => `${base()}/response/${identity.teamId}/${++seq}/${randomBytes(12).toString('hex')}`;
  const messageEvent = (type: 'app_mention' | 'message', o: MessageEventOptions): EventCallbackPayload => {
    const [ts, channel, user] = [o.ts ?? api.nextTs(), o.channel ?? DEFAULT_CHANNEL, o.user ?? DEFAULT_USER];
    const mention = `<@${identity.botUserId}>`;
    const text = type === 'app_mention' && !o.text.includes(mention) ? `${mention} ${o.text}` : o.text;
    const files = (o.files ?? []).map((f) => {
      const file = typeof f === 'string' ? api.files.get(f) : undefined;
      if (typeof f === 'string' && !file) throw new Error(`unknown file ${f}: add it with addFile first`);
      return file ? api.fileInfo(file) : (f as Record<string, unknown>);
    });
    const subtype = o.subtype ?? (type === 'message' && files.length ? 'file_share' : undefined);
    const extra = {
      ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
      ...(o.bot_id ? { bot_id: o.bot_id } : {}),
      ...(subtype ? { subtype } : {}),
    };
    const event: Record<string, unknown> = {
      type,
      user,
      text,
      ts,
      channel,
      event_ts: ts,
      team: identity.teamId,
      ...extra,
    };
    if (type === 'message') event.channel_type = o.channel_type ?? (channel.startsWith('D') ? 'im' : 'channel');
    if (files.length) event.files = files;
    if (o.store !== false && !api.store.some((m) => m.channel === channel && m.ts === ts)) {
      const stored = files.map((f) => ({ id: String(f.id), name: String(f.name) }));
      api.store.push({ channel, ts, text, user, ...extra, ...(files.length ? { files: stored } : {}) });
    }
    return envelope(event, o.eventId);
  };
  const envelope = (event: Record<string, unknown>, eventId?: string): EventCallbackPayload => ({
    type: 'event_callback',
    token: 'fake-verification-token',
    team_id: identity.teamId,
    api_app_id: identity.appId,
    event_id: eventId ?? `Ev${String(++seq).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
    authorizations: [{ enterprise_id: null, team_id: identity.teamId, user_id: identity.botUserId, is_bot: true }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(8).toString('hex')}`,
  });

  return {
    /** http://127.0.0.1:PORT */
    url: base(),
    /** `${url}/api/`: WebClient's `slackApiUrl`. */
    apiUrl: `${base()}/api/`,
    identity,
    /** Every Web API call in order (faulted ones too, marked with `fault`), optionally one method's only. */
    calls: (method?: string) => api.log.filter((c) => method === undefined || c.method === method),
    /** Current messages (after updates and deletes), oldest first; ephemerals are kept apart. */
    messages: (channel?: string) => api.store.filter((m) => channel === undefined || m.channel === channel),
    /** A thread: the parent (ts) and its replies. */
    thread: (channel: string, ts: string) =>
      api.store.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts)),
    /** Modals opened (views.open), with the trigger they used. */
    views: () => [...api.views],
    ephemerals: (channel?: string) => api.ephemerals.filter((e) => channel === undefined || e.channel === channel),
    /** Sets the scopes the bot token has (Slack says them in x-oauth-scopes on every answer). */
    grantScopes: (scopes: string[]) => {
      api.grantedScopes = scopes;
    },
    /** Makes a channel belong to another workspace: the bot can't see it. */
    foreignChannel: (channel: string) => void api.foreignChannels.add(channel),
    /** A conversation and its members (private: a private channel); the bot is a member too. */
    conversation: (channel: string, members: string[], options: { private?: boolean } = {}) =>
      void api.conversations.set(channel, { private: options.private ?? false, members: new Set(members) }),
    /** Sets a user's Slack language (users.info `locale` with include_locale). */
    setLocale: (userId: string, locale: string) => void api.locales.set(userId, locale),
    /** Makes a user a guest (users.info is_restricted). */
    makeGuest: (userId: string) => void api.guests.add(userId),
    /** Makes a user a workspace admin (a moderator for the bot). */
    makeAdmin: (userId: string) => void api.admins.add(userId),
    /** Every file (uploaded or added), with its bytes and where it was shared. */
    files: () => [...api.files.values()],
    /** JSON bodies POSTed to response_urls (optionally one url's), in order. */
    responses: (responseUrl?: string) =>
      responses.filter((r) => responseUrl === undefined || r.url === responseUrl).map((r) => r.body),
    /** GETs of file URLs and redirects, with the token presented and what was served. */
    downloads: () => [...downloads],
    /** Answers the next `count` calls of `method` with `fault`. */
    failNext: (method: string, fault: SlackFault, count = 1) => api.failNext(method, fault, count),
    /** Hosts a private file; url_private serves its bytes to the bot token only. */
    addFile: (file: { name: string; data: Buffer | string; mimetype?: string; title?: string; subtype?: string }) => {
      const { id, url_private } = api.addFile(file);
      return { id, url_private };
    },
    /** Makes GET `path` on the fake answer `status` with Location: `location`; returns the absolute URL. */
    addRedirect: (path: string, location: string, status = 302) => {
      redirects.set(path, { location, status });
      return `${base()}${path}`;
    },
    nextTs: () => api.nextTs(),
    /** A message written before the bot was watching: in the history conversations.* read, never sent to the bot. */
    seed: (o: { text: string; channel?: string; user?: string; thread_ts?: string; bot?: boolean }): SlackMessage => {
      const message: SlackMessage = {
        channel: o.channel ?? DEFAULT_CHANNEL,
        ts: api.nextTs(),
        text: o.text,
        user: o.user ?? DEFAULT_USER,
        ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
        ...(o.bot ? { bot_id: 'B0OTHER001', subtype: 'bot_message' } : {}),
      };
      api.store.push(message);
      return message;
    },
    /** Deletes a stored message, as its author deleting it would. */
    remove: (channel: string, ts: string) => api.remove(channel, ts),
    /** While on, every file download gets Slack's HTML sign-in page (200), as when the token lacks files:read. */
    refuseFiles: (on: boolean) => {
      filesRefused = on;
    },
    /** Realistic payloads, for Socket Mode envelopes or (encodeForHttp/postToBolt) HTTP mode. */
    payloads: {
      /** An app_mention (the text gets the bot's mention if it lacks it), stored in the fake's history. */
      appMention: (o: MessageEventOptions) => messageEvent('app_mention', o),
      message: (o: MessageEventOptions) => messageEvent('message', o),
      /** `user` added the reaction `reaction` (Slack's name: `flag-de`, `fr`, `thumbsup`) to a stored message. */
      reactionAdded: (o: { reaction: string; message: SlackMessage; user?: string; eventId?: string }) => {
        const ts = api.nextTs();
        const item = { type: 'message', channel: o.message.channel, ts: o.message.ts };
        const event = { type: 'reaction_added', user: o.user ?? DEFAULT_USER, reaction: o.reaction, item };
        return envelope({ ...event, item_user: o.message.user, event_ts: ts }, o.eventId);
      },
      slashCommand: (o: {
        command: string;
        text?: string;
        user_id?: string;
        channel_id?: string;
      }): SlashCommandPayload => ({
        token: 'fake-verification-token',
        team_id: identity.teamId,
        team_domain: identity.teamName,
        channel_id: o.channel_id ?? DEFAULT_CHANNEL,
        channel_name: 'general',
        user_id: o.user_id ?? DEFAULT_USER,
        user_name: 'user',
        command: o.command,
        text: o.text ?? '',
        api_app_id: identity.appId,
        is_enterprise_install: 'false',
        response_url: responseUrl(),
        trigger_id: trigger(),
      }),
      /** A message shortcut (callback_id: the skill) used on `message` in `channel`, answered via its response_url. */
      messageShortcut: (o: {
        callback_id: string;
        channel?: string;
        message: Record<string, unknown> & { ts: string };
      }) => ({
        type: 'message_action' as const,
        callback_id: o.callback_id,
        trigger_id: trigger(),
        response_url: responseUrl(),
        team: { id: identity.teamId, domain: identity.teamName },
        channel: { id: o.channel ?? DEFAULT_CHANNEL, name: 'general' },
        user: { id: DEFAULT_USER, username: 'user', name: 'user', team_id: identity.teamId },
        message: { type: 'message', ...o.message },
        message_ts: o.message.ts,
        action_ts: `${Math.floor(Date.now() / 1000)}.000000`,
        token: 'fake-verification-token',
      }),
      /** A button click; `message` is the message the button was on (a stored SlackMessage or a raw one). */
      blockActions: (o: {
        action_id: string;
        value?: string;
        block_id?: string;
        user?: string;
        channel?: string;
        message?: SlackMessage | Record<string, unknown>;
      }): BlockActionsPayload => {
        const [channel, user] = [o.channel ?? DEFAULT_CHANNEL, o.user ?? DEFAULT_USER];
        const given = o.message ?? { ts: api.nextTs(), text: '', user: identity.botUserId, bot_id: identity.botId };
        const message = typeof given.channel === 'string' ? api.view(given as SlackMessage) : given;
        const [now, messageTs] = [Math.floor(Date.now() / 1000), String(message.ts)];
        const response_url = responseUrl();
        responseOrigins.set(response_url, { channel, ts: messageTs });
        return {
          type: 'block_actions',
          user: { id: user, username: 'user', name: 'user', team_id: identity.teamId },
          api_app_id: identity.appId,
          token: 'fake-verification-token',
          container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
          trigger_id: trigger(),
          team: { id: identity.teamId, domain: identity.teamName },
          enterprise: null,
          is_enterprise_install: false,
          channel: { id: channel, name: 'general' },
          message: { type: 'message', ...message },
          state: { values: {} },
          response_url,
          actions: [
            {
              action_id: o.action_id,
              block_id: o.block_id ?? 'actions',
              text: { type: 'plain_text', text: o.action_id, emoji: true },
              value: o.value ?? '',
              type: 'button',
              action_ts: `${now}.000000`,
            },
          ],
        };
      },
    },
    /** Socket Mode: send(type, payload, options) → the ack; disconnect(reason); drop(); connections(); … */
    socket: socket as Pick<
      SlackSocket,
      'send' | 'disconnect' | 'drop' | 'connections' | 'totalConnections' | 'waitForConnection' | 'sent' | 'acks'
    >,
    /** Polls `check` (every 10 ms) until it returns something truthy. */
    waitFor: <T>(check: () => T | undefined | null | false, timeoutMs = 5000) =>
      until(check, timeoutMs, 'the fake Slack condition'),
    close: async () => {
      socket.close();
      api.cancelTimers();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
