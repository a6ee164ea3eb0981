import type { App } from '@slack/bolt';
import type { ListenerDeps } from './listeners.js';
import { attachmentOf, type SlackFile } from './to-event.js';

/** A message a reaction was added to, as conversations.replies shows it. */
export interface ReactedMessage {
  ts: string;
  text?: string | undefined;
  user?: string | undefined;
  bot_id?: string | undefined;
  thread_ts?: string | undefined;
  files?: SlackFile[] | undefined;
}

export interface ReactionDeps extends ListenerDeps {
  /** The message at `ts` in `channel`, or undefined when it cannot be read (deleted, no access). */
  message(channel: string, ts: string): Promise<ReactedMessage | undefined>;
}

/** The parts of a reaction_added event we read. */
interface ReactionAdded {
  user?: string;
  reaction?: string;
  item?: { type?: string; channel?: string; ts?: string };
}

/**
 * Flags Slack names by a short word rather than `flag-xx` (its emoji set predates the full flag list). Any
 * other country's flag is `flag-xx`.
 */
const FLAG_ALIASES: Readonly<Record<string, string>> = {
  cn: 'CN',
  de: 'DE',
  es: 'ES',
  fr: 'FR',
  gb: 'GB',
  uk: 'GB',
  it: 'IT',
  jp: 'JP',
  kr: 'KR',
  ru: 'RU',
  us: 'US',
};
const INDICATOR_A = 0x1f1e6;

/**
 * A Slack reaction name as the emoji the core speaks of: flags become the Unicode flag (`flag-de` and `de` → 🇩🇪),
 * so skills read the same emoji on every platform; anything else stays Slack's `:name:` (skin tones dropped).
 */
export function slackEmoji(name: string): string {
  const base = name.replace(/::skin-tone-\d$/, '');
  const country = /^flag-([a-z]{2})$/.exec(base)?.[1]?.toUpperCase() ?? FLAG_ALIASES[base];
  if (!country) return `:${base}:`;
  return String.fromCodePoint(...[...country].map((c) => INDICATOR_A + c.charCodeAt(0) - 65));
}

/**
 * reaction_added on a message as the platform-neutral reaction event: answered in a thread on the message (its
 * own thread when it is a reply). Its id names the channel, the message and the emoji, so the same reaction again
 * (by anyone, or removed and added back) is a redelivery the router answers once. Reactions by the bot itself and
 * on files or messages it cannot read (deleted meanwhile, a channel it is not in) are none.
 */
export function listenForReactions(app: App, deps: ReactionDeps): void {
  app.event('reaction_added', async ({ event, body }) => {
    const added = event as unknown as ReactionAdded;
    const { user, reaction, item } = added;
    if (!user || !reaction || item?.type !== 'message' || !item.channel || !item.ts) return;
    if (user === deps.identity()?.userId) return;
    const message = await deps.message(item.channel, item.ts);
    if (!message) return;
    const emoji = slackEmoji(reaction);
    const where = { channel: item.channel, threadTs: message.thread_ts ?? message.ts, userId: user };
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const eventId = `reaction:${item.channel}:${item.ts}:${emoji}`;
    const ctx = await deps.context({ ...where, receivedAt: Date.now() }, eventId, teamId, undefined, true);
    const target = {
      id: message.ts,
      text: await deps.readable(message.text ?? ''),
      authorId: message.user ?? message.bot_id ?? '',
      attachments: (message.files ?? []).map((file) => attachmentOf(file, deps.files)),
    };
    void deps.handle({ kind: 'reaction', emoji, target, ctx });
  });
}
