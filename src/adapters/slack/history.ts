import type { WebClient } from '@slack/web-api';
import { AppError } from '../../errors.js';
import { type HistoryMessage, MAX_HISTORY } from '../../skills/skill.js';
import { SlackPeople } from './people.js';
import { plainText, unlabelledMentions } from './plain-text.js';
import type { ReactedMessage } from './reactions.js';
import type { SlackFile } from './to-event.js';

/** Slack suggests at most 200 per page. */
const PAGE = 200;
/** A thread is read from its start, so a very long one costs pages: past this many, the oldest part is skipped. */
const MAX_THREAD_PAGES = 10;
/** Subtypes that are someone writing; joins, topic changes and the like are left out. */
const WRITTEN = new Set([undefined, 'bot_message', 'file_share', 'thread_broadcast', 'me_message']);

/** The parts of a message from conversations.history or .replies that we read. */
interface MessageElement {
  ts?: string | undefined;
  subtype?: string | undefined;
  user?: string | undefined;
  bot_id?: string | undefined;
  username?: string | undefined;
  bot_profile?: { name?: string | undefined } | undefined;
  text?: string | undefined;
  files?: { id?: string | undefined; name?: string | undefined; title?: string | undefined }[] | undefined;
}

/**
 * Reading Slack conversations: conversations.replies for a thread, conversations.history for a channel (top-level
 * messages; thread replies stay in their threads), both with cursor pagination. Messages are read as plain text,
 * with authors' and mentioned people's display names (users.info, cached), so summaries say "Ana" rather than
 * "U024BE7LH".
 */
export class SlackHistory {
  constructor(
    private readonly client: WebClient,
    private readonly people = new SlackPeople(client),
  ) {}

  async read(where: { channelId: string; threadId?: string | undefined }, limit: number): Promise<HistoryMessage[]> {
    const wanted = Math.max(0, Math.min(Math.floor(limit), MAX_HISTORY));
    if (wanted === 0) return [];
    try {
      const raw = where.threadId
        ? await this.thread(where.channelId, where.threadId, wanted)
        : await this.channel(where.channelId, wanted);
      const written = raw.filter((m) => m.ts && WRITTEN.has(m.subtype));
      const ids = new Set(written.flatMap((m) => [m.user, ...unlabelledMentions(m.text ?? '')]).filter(isString));
      const names = await this.people.names(ids);
      return written.map((m) => toHistoryMessage(m, names));
    } catch (error) {
      throw explain(error);
    }
  }

  /**
   * One message by its ts, a thread's reply too (conversations.history holds top-level messages only), or
   * undefined when it cannot be read. Slack heads every page of replies with the thread's parent, so the message
   * is picked out by its ts.
   */
  async message(channel: string, ts: string): Promise<ReactedMessage | undefined> {
    const range = { latest: ts, oldest: ts, inclusive: true, limit: 2 };
    const res = await this.client.conversations.replies({ channel, ts, ...range }).catch(() => undefined);
    const found = res?.messages?.find((m) => m.ts === ts);
    if (!found?.ts) return undefined;
    const { text, user, bot_id, thread_ts } = found;
    return { ts: found.ts, text, user, bot_id, thread_ts, files: found.files as SlackFile[] | undefined };
  }

  /** Replies come oldest first, the parent at the top of every page; the latest `wanted` are kept. */
  private async thread(channel: string, ts: string, wanted: number): Promise<MessageElement[]> {
    const byTs = new Map<string, MessageElement>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_THREAD_PAGES; page++) {
      const res = await this.client.conversations.replies({ channel, ts, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const m of res.messages ?? []) if (m.ts) byTs.set(m.ts, m);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) break;
    }
    return [...byTs.values()].sort((a, b) => Number(a.ts) - Number(b.ts)).slice(-wanted);
  }

  /** History comes newest first: pages are read until `wanted` messages are in hand. */
  private async channel(channel: string, wanted: number): Promise<MessageElement[]> {
    const found: MessageElement[] = [];
    let cursor: string | undefined;
    while (found.length < wanted) {
      const limit = Math.min(PAGE, wanted - found.length);
      const res = await this.client.conversations.history({ channel, limit, ...(cursor ? { cursor } : {}) });
      found.push(...(res.messages ?? []));
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) break;
    }
    return found.slice(0, wanted).reverse();
  }
}

function toHistoryMessage(m: MessageElement, names: ReadonlyMap<string, string | undefined>): HistoryMessage {
  const authorId = m.user ?? m.bot_id ?? 'unknown';
  const text = plainText(m.text ?? '', names);
  const files = (m.files ?? []).map((f) => `[file: ${f.name ?? f.title ?? f.id}]`);
  return {
    id: m.ts ?? '',
    authorId,
    authorName: (m.user ? names.get(m.user) : undefined) ?? m.username ?? m.bot_profile?.name,
    text: [text, ...files].filter((part) => part.trim() !== '').join('\n'),
    at: new Date(Number(m.ts) * 1000).toISOString(),
    isBot: Boolean(m.bot_id) || m.subtype === 'bot_message',
  };
}

const isString = (v: string | undefined): v is string => typeof v === 'string' && v !== '';

/** Slack's "not allowed" answers as reasons a person can act on; anything else stays as it was. */
function explain(error: unknown): unknown {
  const code = (error as { data?: { error?: string } }).data?.error;
  if (code === 'not_in_channel' || code === 'channel_not_found') {
    return new AppError('forbidden', "I can't read this conversation: invite me to the channel first", {
      cause: error,
    });
  }
  if (code === 'missing_scope') {
    return new AppError('forbidden', 'this Slack app may not read history: reinstall it with the manifest scopes', {
      cause: error,
    });
  }
  if (code === 'thread_not_found') return new AppError('not_found', 'that thread no longer exists', { cause: error });
  return error;
}
