import type http from 'node:http';
import { BOT_SCOPES as SLACK_BOT_SCOPES } from '../../../src/adapters/slack/manifest.js';

/** Who the fake workspace, bot and app are. */
export interface SlackIdentity {
  teamId: string;
  teamName: string;
  botToken: string;
  appToken: string;
  botUserId: string;
  botUserName: string;
  botId: string;
  appId: string;
}

/** 429: HTTP 429 + Retry-After; 5xx: a bare HTTP error; error: HTTP 200 ok:false; delayMs: answer (normally) late. */
export type SlackFault =
  | { status: 429; retryAfterSec: number }
  | { status: 500 | 502 | 503 | 504 }
  | { error: string }
  | { delayMs: number };

/** One Web API call; `fault` is set when an injected fault answered it. */
export type SlackCall = {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
  fault?: SlackFault;
};

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id?: string;
  thread_ts?: string;
  subtype?: string;
  blocks?: unknown[];
  files?: { id: string; name: string }[];
  reactions?: { name: string; users: string[]; count: number }[];
  edited?: { user: string; ts: string };
}

export type SlackEphemeral = {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  thread_ts?: string;
  blocks?: unknown;
};

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  /** slack_audio for audio clips recorded in Slack (slack_video for video clips); absent for uploads. */
  subtype?: string;
  /** Empty until the bytes are uploaded (for files made by files.getUploadURLExternal). */
  data: Buffer;
  uploaded: boolean;
  url_private: string;
  shares: { channel: string; thread_ts?: string; initial_comment?: string }[];
}

const MIME = Object.fromEntries(
  'txt text/plain vtt text/vtt json application/json png image/png jpg image/jpeg jpeg image/jpeg gif image/gif wav audio/wav mp3 audio/mpeg ogg audio/ogg m4a audio/mp4 pdf application/pdf'
    .split(' ')
    .flatMap((word, i, all) => (i % 2 ? [] : [[word, all[i + 1]]])),
) as Record<string, string>;
const mimeOf = (name: string) => MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
const JSON_ARGS = ['blocks', 'attachments', 'files', 'metadata'];
type Result = Record<string, unknown>;
const fail = (error: string): Result => ({ ok: false, error });
const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));

export function bearer(req: http.IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

/**
 * The Web API half of the fake Slack: methods under /api/ (form, JSON or multipart bodies; the token from the
 * Authorization header, or the `token` argument as Slack also accepts), upload URLs, and the state they change.
 */
export class SlackWebApi {
  readonly log: SlackCall[] = [];
  readonly store: SlackMessage[] = [];
  readonly ephemerals: SlackEphemeral[] = [];
  /** Modals opened with views.open, in order. */
  readonly views: { trigger_id: string; view: Record<string, unknown> }[] = [];
  readonly files = new Map<string, SlackFile>();
  /** Workspace admins (users.info says is_admin). */
  readonly admins = new Set<string>();
  /** The scopes the bot token was granted (x-oauth-scopes). */
  grantedScopes: string[] = [...SLACK_BOT_SCOPES];
  /** Conversations of other workspaces: conversations.info answers channel_not_found, as for any the bot can't see. */
  readonly foreignChannels = new Set<string>();
  /**
   * Conversations' members (users.conversations reads them), private ones marked: conversations not listed are
   * public channels nobody has joined. The bot is a member of every listed one.
   */
  readonly conversations = new Map<string, { private: boolean; members: Set<string> }>();
  /** Users' languages (users.info says `locale` when asked with include_locale, as Slack does). */
  readonly locales = new Map<string, string>();
  /** Guests (users.info says is_restricted): they read only the conversations they are members of. */
  readonly guests = new Set<string>();
  private readonly faults = new Map<string, SlackFault[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private tsCount = 0;
  private fileCount = 0;

  constructor(
    private readonly id: SlackIdentity,
    private readonly baseUrl: () => string,
    private readonly socketUrl: () => string,
  ) {}

  /** Unique, increasing message timestamps: 1700000000.000100, 1700000000.000200, … */
  nextTs(): string {
    const n = ++this.tsCount;
    return `${1_700_000_000 + Math.floor(n / 10_000)}.${String((n % 10_000) * 100).padStart(6, '0')}`;
  }

  failNext(method: string, fault: SlackFault, count = 1): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...Array<SlackFault>(count).fill(fault)]);
  }

  addFile(file: {
    name: string;
    mimetype?: string;
    data: Buffer | string;
    title?: string;
    subtype?: string;
  }): SlackFile {
    const id = `F${String(++this.fileCount).padStart(8, '0')}`;
    const url_private = `${this.baseUrl()}/files-pri/${this.id.teamId}-${id}/${encodeURIComponent(file.name)}`;
    const { name, title = name, mimetype = mimeOf(name), subtype } = file;
    const data = Buffer.from(file.data);
    const stored = { id, name, title, mimetype, subtype, data, uploaded: true, url_private, shares: [] };
    this.files.set(id, stored);
    return stored;
  }

  /** A file as the Web API (files.info, event payloads) shows it: no bytes. */
  fileInfo(file: SlackFile): Result {
    const { data, uploaded, shares, ...rest } = file;
    const channels = shares.map((s) => s.channel);
    return { ...rest, size: data.length, url_private_download: file.url_private, channels };
  }

  /** A message as conversations.replies shows it (a parent with replies gets thread_ts and reply_count). */
  view(m: SlackMessage): Result {
    const { channel, files, ...rest } = m;
    const replies = this.store.filter((r) => r.channel === channel && r.thread_ts === m.ts && r.ts !== m.ts).length;
    const info = (f: { id: string }) => (this.files.has(f.id) ? this.fileInfo(this.files.get(f.id) as SlackFile) : f);
    return {
      type: 'message',
      ...rest,
      ...(files ? { files: files.map(info) } : {}),
      ...(replies ? { thread_ts: m.ts, reply_count: replies } : {}),
    };
  }

  /** Stores a message: the bot's unless `user` says otherwise. */
  post(m: Omit<Partial<SlackMessage>, 'blocks'> & { channel: string; blocks?: unknown }): SlackMessage {
    const { blocks, thread_ts, ...rest } = m;
    const message: SlackMessage = {
      user: this.id.botUserId,
      bot_id: this.id.botId,
      text: '',
      ts: this.nextTs(),
      ...rest,
    };
    if (thread_ts) message.thread_ts = thread_ts;
    if (Array.isArray(blocks)) message.blocks = blocks;
    this.store.push(message);
    return message;
  }

  cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async api(method: string, req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): Promise<void> {
    const json = (body: Result, status = 200, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const args: Result = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    try {
      Object.assign(args, await parseBody(req, raw));
    } catch {
      return json(fail('invalid_form_data'));
    }
    for (const key of JSON_ARGS) if (typeof args[key] === 'string') args[key] = jsonish(args[key] as string);
    const token = bearer(req) ?? str(args.token);
    delete args.token;
    const fault = this.faults.get(method)?.shift();
    this.log.push({ method, token, args, ...(fault ? { fault } : {}) });
    if (fault && 'delayMs' in fault) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => resolve(void this.timers.delete(timer)), fault.delayMs);
        this.timers.add(timer);
      });
    } else if (fault && 'error' in fault) return json(fail(fault.error));
    else if (fault?.status === 429) return json(fail('ratelimited'), 429, { 'retry-after': `${fault.retryAfterSec}` });
    else if (fault) return void res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('Server Error');
    const wanted = method === 'apps.connections.open' ? this.id.appToken : this.id.botToken;
    if (!token) return json(fail('not_authed'));
    if (token !== this.id.botToken && token !== this.id.appToken) return json(fail('invalid_auth'));
    if (token !== wanted) return json(fail('not_allowed_token_type'));
    const handler = this.methods[method];
    // Like Slack, every answer to a bot token says which scopes it was granted.
    const scopes: Record<string, string> =
      token === this.id.botToken ? { 'x-oauth-scopes': this.grantedScopes.join(',') } : {};
    json(handler ? handler(args) : { ...fail('unknown_method'), req_method: method }, 200, scopes);
  }

  private readonly methods: Record<string, (a: Result) => Result> = {
    'auth.test': () => ({
      ok: true,
      url: `https://${this.id.teamName}.slack.com/`,
      team: this.id.teamName,
      team_id: this.id.teamId,
      user: this.id.botUserName,
      user_id: this.id.botUserId,
      bot_id: this.id.botId,
      is_enterprise_install: false,
    }),
    'apps.connections.open': () => ({ ok: true, url: this.socketUrl() }),
    'conversations.info': (a) => {
      const channel = str(a.channel);
      if (!channel || this.foreignChannels.has(channel)) return fail('channel_not_found');
      const isPrivate = this.conversations.get(channel)?.private ?? false;
      const kind = { is_channel: !isPrivate, is_group: isPrivate, is_private: isPrivate, is_im: false, is_mpim: false };
      return {
        ok: true,
        channel: { id: channel, name: channel.toLowerCase(), context_team_id: this.id.teamId, ...kind },
      };
    },
    'views.open': (a) => {
      const trigger = str(a.trigger_id);
      if (!trigger) return fail('invalid_trigger_id');
      const view = (typeof a.view === 'string' ? JSON.parse(a.view) : a.view) as Record<string, unknown>;
      this.views.push({ trigger_id: trigger, view });
      return { ok: true, view: { id: `V${String(this.views.length).padStart(8, '0')}`, hash: 'h1', ...view } };
    },
    'chat.postMessage': (a) => {
      const channel = str(a.channel);
      if (!channel) return fail('channel_not_found');
      if (str(a.text) === undefined && !a.blocks && !a.attachments) return fail('no_text');
      const m = this.post({ channel, text: str(a.text) ?? '', thread_ts: str(a.thread_ts), blocks: a.blocks });
      return { ok: true, channel, ts: m.ts, message: this.view(m) };
    },
    'chat.update': (a) => {
      const m = this.find(a.channel, a.ts);
      if (!m) return fail('message_not_found');
      if (a.text !== undefined) m.text = String(a.text);
      if (Array.isArray(a.blocks)) m.blocks = a.blocks;
      m.edited = { user: this.id.botUserId, ts: this.nextTs() };
      return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message: this.view(m) };
    },
    'chat.delete': (a) =>
      this.remove(a.channel, a.ts) ? { ok: true, channel: a.channel, ts: a.ts } : fail('message_not_found'),
    'chat.postEphemeral': (a) => {
      const [channel, user, thread_ts] = [str(a.channel), str(a.user), str(a.thread_ts)];
      if (!channel) return fail('channel_not_found');
      if (!user) return fail('user_not_in_channel');
      const e: SlackEphemeral = { channel, user, message_ts: this.nextTs(), text: str(a.text) ?? '' };
      this.ephemerals.push({ ...e, ...(thread_ts ? { thread_ts } : {}), ...(a.blocks ? { blocks: a.blocks } : {}) });
      return { ok: true, message_ts: e.message_ts };
    },
    'reactions.add': (a) => {
      const [m, name, me] = [this.find(a.channel, a.timestamp), str(a.name), this.id.botUserId];
      if (!m) return fail('message_not_found');
      if (!name) return fail('invalid_name');
      m.reactions ??= [];
      const reaction = m.reactions.find((r) => r.name === name);
      if (reaction?.users.includes(me)) return fail('already_reacted');
      if (reaction) reaction.users.push(me);
      else m.reactions.push({ name, users: [me], count: 0 });
      for (const r of m.reactions) r.count = r.users.length;
      return { ok: true };
    },
    // Oldest first, the parent heading every page (as Slack does); `cursor` is an offset into the replies.
    'conversations.replies': (a) => {
      const thread = this.store.filter((m) => m.channel === a.channel && (m.ts === a.ts || m.thread_ts === a.ts));
      const parent = thread.find((m) => m.ts === a.ts);
      if (!parent) return fail('thread_not_found');
      const replies = thread.filter((m) => m !== parent).sort((x, y) => Number(x.ts) - Number(y.ts));
      const { page, next } = paginate(replies, a, 1);
      return { ok: true, messages: [parent, ...page].map((m) => this.view(m)), ...next };
    },
    // Newest first; top-level messages only (thread replies stay in their threads, broadcasts excepted).
    'conversations.history': (a) => {
      const channel = this.store
        .filter(
          (m) => m.channel === a.channel && (!m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast'),
        )
        .sort((x, y) => Number(y.ts) - Number(x.ts));
      const { page, next } = paginate(channel, a, 0);
      return { ok: true, messages: page.map((m) => this.view(m)), ...next };
    },
    // Any plausible user id exists; the bot's own id is the bot.
    'users.info': (a) => {
      const id = str(a.user) ?? '';
      if (!/^[UWB][A-Z0-9]+$/.test(id)) return fail('user_not_found');
      const bot = id === this.id.botUserId;
      const [name, real_name] = bot ? [this.id.botUserName, this.id.botUserName] : [`user-${id}`, `User ${id}`];
      const profile = { display_name: name, real_name };
      const is_admin = this.admins.has(id);
      const is_restricted = this.guests.has(id);
      const locale = truthy(a.include_locale) ? (this.locales.get(id) ?? 'en-US') : undefined;
      const user = {
        ...{ id, team_id: this.id.teamId, name, real_name, is_bot: bot, is_admin, is_restricted, deleted: false },
        profile,
        ...(locale ? { locale } : {}),
      };
      return { ok: true, user };
    },
    // The conversations `user` is a member of (that the bot is in too), `limit` a page, by cursor.
    'users.conversations': (a) => {
      const user = str(a.user) ?? this.id.botUserId;
      if (!/^[UWB][A-Z0-9]+$/.test(user)) return fail('user_not_found');
      const types = (str(a.types) ?? 'public_channel').split(',');
      const mine = [...this.conversations.entries()].filter(
        ([, c]) => c.members.has(user) && types.includes(c.private ? 'private_channel' : 'public_channel'),
      );
      const { page, next } = paginate(mine, a, 0);
      return { ok: true, channels: page.map(([id, c]) => ({ id, is_private: c.private })), ...next };
    },
    'files.getUploadURLExternal': (a) => {
      const filename = str(a.filename);
      if (!filename || str(a.length) === undefined) return fail('invalid_arguments');
      const file = this.addFile({ name: filename, data: Buffer.alloc(0) });
      file.uploaded = false;
      return { ok: true, upload_url: `${this.baseUrl()}/upload/v1/${file.id}`, file_id: file.id };
    },
    // Shares the uploaded files where asked: one message (initial_comment as its text), in the thread if thread_ts.
    'files.completeUploadExternal': (a) => {
      const wanted = Array.isArray(a.files) ? (a.files as { id: string; title?: string }[]) : [];
      const files = wanted.map((f) => this.files.get(f.id)).filter((f) => f?.uploaded) as SlackFile[];
      if (!files.length || files.length !== wanted.length) return fail('file_not_found');
      const [channel, thread_ts, comment] = [
        str(a.channel_id) ?? str(a.channels),
        str(a.thread_ts),
        str(a.initial_comment),
      ];
      for (const [i, file] of files.entries()) {
        file.title = wanted[i]?.title ?? file.title;
        if (channel) file.shares.push({ channel, thread_ts, initial_comment: comment });
      }
      const shared = files.map((f) => ({ id: f.id, name: f.name }));
      if (channel) this.post({ channel, text: comment ?? '', thread_ts, files: shared, blocks: a.blocks });
      return { ok: true, files: files.map((f) => this.fileInfo(f)) };
    },
    // Deletes a file and the messages that shared it (the bot may delete the files it uploaded).
    'files.delete': (a) => {
      const id = str(a.file) ?? '';
      if (!this.files.delete(id)) return fail('file_not_found');
      for (const m of this.store.filter((m) => m.files?.some((f) => f.id === id)))
        this.store.splice(this.store.indexOf(m), 1);
      return { ok: true };
    },
    'files.info': (a) => {
      const file = this.files.get(str(a.file) ?? '');
      return file ? { ok: true, file: this.fileInfo(file) } : fail('file_not_found');
    },
  };

  /** Deletes a message (chat.delete, a response_url's delete_original); false when there is none. */
  remove(channel: unknown, ts: unknown): boolean {
    const m = this.find(channel, ts);
    if (m) this.store.splice(this.store.indexOf(m), 1);
    return Boolean(m);
  }

  private find(channel: unknown, ts: unknown): SlackMessage | undefined {
    return this.store.find((m) => m.channel === channel && m.ts === ts);
  }

  /** An upload_url: takes the bytes as WebClient sends them (multipart), form-encoded `body`, or raw. */
  async upload(fileId: string, req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): Promise<void> {
    const file = this.files.get(fileId);
    if (!file || req.method !== 'POST') return void res.writeHead(404).end();
    const type = req.headers['content-type'] ?? '';
    file.data = raw;
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string');
      file.data = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else if (type.startsWith('application/x-www-form-urlencoded')) {
      file.data = Buffer.from(new URLSearchParams(raw.toString()).get('body') ?? '');
    }
    file.uploaded = true;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.data.length}`);
  }
}

/**
 * Cursor pagination as the Web API does it: `limit` per page (Slack's default 100, at most 1000), `cursor` from
 * the last page's response_metadata.next_cursor (here an offset, base64 like Slack's); `reserved` counts
 * messages every page carries besides (a thread's parent).
 */
function paginate<T>(items: T[], a: Result, reserved: number): { page: T[]; next: Result } {
  const limit = Math.max(1, Math.min(Number(a.limit ?? 100) || 100, 1000) - reserved);
  const from = a.cursor ? Number(Buffer.from(String(a.cursor), 'base64').toString().replace('offset:', '')) : 0;
  const page = items.slice(from, from + limit);
  const more = from + limit < items.length;
  const cursor = more ? Buffer.from(`offset:${from + limit}`).toString('base64') : '';
  return { page, next: { has_more: more, response_metadata: { next_cursor: cursor } } };
}

function jsonish(value: string): unknown {
  try {
    return /^\s*[[{]/.test(value) ? JSON.parse(value) : value;
  } catch {
    return value;
  }
}

/** Form-encoded, JSON and multipart bodies, as the Web API accepts them (throws on malformed JSON). */
async function parseBody(req: http.IncomingMessage, raw: Buffer): Promise<Result> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return {};
  if (type.startsWith('application/json')) return JSON.parse(raw.toString()) as Result;
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
  }
  return Object.fromEntries(new URLSearchParams(raw.toString()));
}

/** Slack's form-encoded booleans arrive as strings ("true", "1"). */
function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}
